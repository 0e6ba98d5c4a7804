/**
 * Writes PostgreSQL's next migration into server/drizzle-postgres: what changed in the schema derived from the
 * drizzle schema (src/db/postgres/schema.ts) since the last migration's snapshot, in drizzle-kit's own words and files
 * (NNNN_<name>.sql, meta/NNNN_snapshot.json, meta/_journal.json), as `drizzle-kit generate` writes SQLite's.
 * What drizzle cannot describe (triggers, expression indexes) is then added to the migration by hand, as on SQLite,
 * but for one trigger per new table with a generated id, written here (see idFromNull).
 *
 *   corepack pnpm --filter @parcours/server db:generate:postgres <name>
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from 'drizzle-kit/api';
import { postgresTables } from '../src/db/postgres/schema.ts';

const OUT = join(import.meta.dirname, '../drizzle-postgres');
const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) {
  console.error('usage: db:generate:postgres <name> (lower-case letters, digits and dashes)');
  process.exit(2);
}

interface Journal {
  version: string;
  dialect: 'postgresql';
  entries: Array<{ idx: number; version: string; when: number; tag: string; breakpoints: boolean }>;
}

const journalFile = join(OUT, 'meta/_journal.json');
const journal: Journal = existsSync(journalFile) ? JSON.parse(readFileSync(journalFile, 'utf8')) : { version: '7', dialect: 'postgresql', entries: [] };
const last = journal.entries.at(-1);
const previous: DrizzleSnapshotJSON = last
  ? JSON.parse(readFileSync(join(OUT, `meta/${String(last.idx).padStart(4, '0')}_snapshot.json`), 'utf8'))
  : generateDrizzleJson({});
const current = generateDrizzleJson(postgresTables, previous.id);
const statements = [...(await generateMigration(previous, current)), ...idFromNull(previous, current)];
if (statements.length === 0) {
  console.log('the PostgreSQL schema has not changed since the last migration');
  process.exit(0);
}

const idx = (last?.idx ?? -1) + 1;
const tag = `${String(idx).padStart(4, '0')}_${name}`;
mkdirSync(join(OUT, 'meta'), { recursive: true });
writeFileSync(join(OUT, `${tag}.sql`), `${statements.join('\n--> statement-breakpoint\n')}\n`);
writeFileSync(join(OUT, `meta/${String(idx).padStart(4, '0')}_snapshot.json`), `${JSON.stringify(current, null, 2)}\n`);
journal.entries.push({ idx, version: current.version, when: Date.now(), tag, breakpoints: true });
writeFileSync(journalFile, `${JSON.stringify(journal, null, 2)}\n`);
console.log(`wrote drizzle-postgres/${tag}.sql (${statements.length} statements)`);

/**
 * drizzle's SQLite dialect, which the stores build their queries with, inserts null for an id left out, and SQLite
 * gives an INTEGER PRIMARY KEY given null the next id. On PostgreSQL a trigger does the same before the NOT NULL
 * check: the statements creating it (and, in the first migration, its function) for each new table with an identity.
 */
function idFromNull(before: DrizzleSnapshotJSON, after: DrizzleSnapshotJSON): string[] {
  type Table = { name: string; columns: Record<string, { name: string; identity?: { name: string } }> };
  const tables = (snapshot: DrizzleSnapshotJSON) => (snapshot as unknown as { tables: Record<string, Table> }).tables;
  const created = Object.entries(tables(after)).filter(([key]) => !(key in tables(before)));
  const triggers = created.flatMap(([, table]) =>
    Object.values(table.columns)
      .filter((column) => column.identity)
      .map((column) => {
        if (column.name !== 'id') throw new Error(`${table.name}.${column.name}: parcours_id_from_null fills a column named id`);
        return `CREATE TRIGGER "${table.name}_id_from_null" BEFORE INSERT ON "${table.name}" FOR EACH ROW WHEN (NEW.id IS NULL)\n  EXECUTE FUNCTION "parcours_id_from_null"('${column.identity!.name}');`;
      }),
  );
  const isFirst = Object.keys(tables(before)).length === 0;
  const fn = `CREATE FUNCTION "parcours_id_from_null"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.id := nextval(TG_ARGV[0]::regclass);
  RETURN NEW;
END $$;`;
  return isFirst && triggers.length > 0 ? [fn, ...triggers] : triggers;
}
