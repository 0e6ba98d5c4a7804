import { generateDrizzleJson, generateMigration, type DrizzleSnapshotJSON } from 'drizzle-kit/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, sqliteOf, type Db } from '../src/db/open.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { postgresTables } from '../src/db/postgres/schema.ts';
import { auditLog, contactAttributes, contacts, contactTotals, segmentMembers, segments } from '../src/db/schema.ts';
import { startPostgresCluster, type PostgresCluster } from '../../test/support/postgres-cluster.ts';

/** The contact search's tables: SQLite's FTS5 table (and its shadow tables), PostgreSQL's side table of words. */
const SEARCH = /^contacts_search/;

let cluster: PostgresCluster;
let sqlite: Db;
let postgres: Db;

beforeAll(async () => {
  cluster = await startPostgresCluster();
  sqlite = openDatabase(':memory:');
  postgres = openPostgresDatabase(cluster.createDatabase('schema'));
}, 120_000);

afterAll(() => {
  postgres?.$client.close();
  sqlite?.$client.close();
  cluster?.stop();
});

type Column = { table: string; column: string; nullable: boolean };

function sqliteColumns(): Column[] {
  const raw = sqliteOf(sqlite);
  const tables = raw.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").pluck().all();
  return tables
    .filter((table) => !SEARCH.test(table))
    .flatMap((table) =>
      (raw.prepare(`SELECT name, "notnull", pk FROM pragma_table_info(?)`).all(table) as Array<{ name: string; notnull: number; pk: number }>).map((c) => ({
        table,
        column: c.name,
        // SQLite lets a primary key column hold null unless it says NOT NULL; PostgreSQL never does.
        nullable: c.notnull === 0 && c.pk === 0,
      })),
    );
}

function postgresColumns(): Column[] {
  return postgres.$client
    .prepare<[], { table: string; column: string; nullable: string }>(
      `SELECT table_name AS "table", column_name AS "column", is_nullable AS nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE '__drizzle%' AND table_name <> 'audit_prune_horizon'`,
    )
    .all()
    .filter((c) => !SEARCH.test(c.table))
    .map((c) => ({ table: c.table, column: c.column, nullable: c.nullable === 'YES' }));
}

const byName = (a: Column, b: Column) => `${a.table}.${a.column}`.localeCompare(`${b.table}.${b.column}`);

describe('the PostgreSQL schema', () => {
  it('has every table and column of the SQLite schema, each as nullable', () => {
    const expected = sqliteColumns().sort(byName);
    expect(expected.length).toBeGreaterThan(300);
    expect(postgresColumns().sort(byName)).toEqual(expected);
  });

  it('has every index and trigger SQLite has, those of the contact search by the same names', () => {
    const names = (rows: string[]) => rows.filter((name) => !name.startsWith('sqlite_')).sort();
    const sqliteIndexes = names(sqliteOf(sqlite).prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'index'").pluck().all());
    const postgresIndexes = postgres.$client.prepare<[], string>("SELECT indexname FROM pg_indexes WHERE schemaname = 'public'").pluck().all();
    // PostgreSQL also names the index of each primary key and unique constraint, which SQLite leaves unnamed.
    expect(sqliteIndexes.filter((name) => !postgresIndexes.includes(name))).toEqual([]);
    const sqliteTriggers = names(sqliteOf(sqlite).prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all());
    const postgresTriggers = postgres.$client.prepare<[], string>('SELECT DISTINCT trigger_name FROM information_schema.triggers').pluck().all();
    // SQLite's contact_attributes_known is part of PostgreSQL's contact_attributes_update.
    expect(sqliteTriggers.filter((name) => !postgresTriggers.includes(name))).toEqual(['contact_attributes_known']);
  });

  it('is written down in its migrations: the schema derived from drizzle has not changed since the last one', async () => {
    const folder = join(import.meta.dirname, '../drizzle-postgres');
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ idx: number }> };
    const last = String(journal.entries.at(-1)!.idx).padStart(4, '0');
    const snapshot = JSON.parse(readFileSync(join(folder, `meta/${last}_snapshot.json`), 'utf8')) as DrizzleSnapshotJSON;
    expect(await generateMigration(snapshot, generateDrizzleJson(postgresTables, snapshot.id))).toEqual([]);
  });

  it('migrates once: opening the database again finds nothing to do', () => {
    const url = cluster.createDatabase('schema_again');
    openPostgresDatabase(url).$client.close();
    const again = openPostgresDatabase(url);
    const journal = JSON.parse(readFileSync(join(import.meta.dirname, '../drizzle-postgres/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(again.$client.prepare('SELECT count(*) FROM "__drizzle_migrations"').pluck().get()).toBe(journal.entries.length);
    again.$client.close();
  });
});

describe('the hand-written triggers, on both databases', () => {
  const now = 1_800_000_000_000;
  const contact = (id: string, attributes: Record<string, string>, anonymous = false) => ({ id, anonymous, attributes, consents: {}, lists: [], createdAt: now, updatedAt: now });

  /** The same writes on each database, then what the triggers kept. */
  function catalogueAfterWrites(db: Db) {
    db.insert(contacts).values([contact('ada', { email: 'a@x.fr', plan: 'pro' }), contact('bo', { email: 'b@x.fr' }), contact('anon:1', { city: 'Lyon' }, true)]).run();
    db.update(contacts).set({ attributes: { email: 'a@x.fr', city: 'Paris' } }).where(eq(contacts.id, 'ada')).run();
    db.update(contacts).set({ anonymous: false }).where(eq(contacts.id, 'anon:1')).run();
    db.update(contacts).set({ updatedAt: now + 1 }).where(eq(contacts.id, 'bo')).run();
    db.delete(contacts).where(eq(contacts.id, 'bo')).run();
    return {
      attributes: db.select().from(contactAttributes).orderBy(contactAttributes.name).all(),
      totals: db.select().from(contactTotals).all(),
    };
  }

  it('keep the attribute catalogue and the count of known contacts alike', () => {
    const onSqlite = catalogueAfterWrites(sqlite);
    expect(onSqlite.attributes).toEqual([
      { name: 'city', contacts: 2 },
      { name: 'email', contacts: 1 },
    ]);
    expect(catalogueAfterWrites(postgres)).toEqual(onSqlite);
  });

  it('keep a segment size with its members', () => {
    for (const db of [sqlite, postgres]) {
      db.insert(segments).values({ id: 'fans', name: 'Fans', condition: { all: [] } as never, createdAt: now, updatedAt: now }).run();
      db.insert(segmentMembers).values([{ segmentId: 'fans', contactId: 'ada', enteredAt: now }, { segmentId: 'fans', contactId: 'anon:1', enteredAt: now }]).run();
      db.delete(segmentMembers).where(eq(segmentMembers.contactId, 'ada')).run();
    }
    const size = (db: Db) => db.select({ size: segments.size }).from(segments).where(eq(segments.id, 'fans')).get();
    expect(size(sqlite)).toEqual({ size: 1 });
    expect(size(postgres)).toEqual({ size: 1 });
  });

  it('refuse to change or delete an audit entry', () => {
    for (const db of [sqlite, postgres]) {
      db.insert(auditLog).values({ at: now, actorKind: 'system' as never, action: 'settings.changed' as never, targetType: 'settings', change: {} }).run();
      expect(() => db.update(auditLog).set({ at: now + 1 }).run()).toThrow(/append-only/);
      expect(() => db.delete(auditLog).run()).toThrow(/append-only/);
      expect(db.select({ n: sql<number>`count(*)` }).from(auditLog).get()).toEqual({ n: 1 });
    }
  });
});
