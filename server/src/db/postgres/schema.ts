import { is, SQL, type Column } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../schema.ts';

/**
 * The PostgreSQL schema, derived from the one drizzle schema (../schema.ts, written for SQLite) rather than kept as a
 * second copy: each table with the same name, columns, keys, indexes and checks. Column types keep what the stores
 * and the port exchange with SQLite: integers as bigint (times are milliseconds, counts and ids never pass 2^53), text
 * as text (JSON columns stay text, decoded by the schema's own mappers), reals as double precision; a boolean is an
 * integer 0 or 1, as on SQLite. A single integer primary key generates its value when none is given, like SQLite's rowid.
 * Read by scripts/write-postgres-migration.ts, which writes the migrations of server/drizzle-postgres from it.
 */
export const postgresTables: Record<string, PgTableWithColumns<any>> = {};

type AnyPgTable = PgTableWithColumns<any>;
const derived = new Map<SQLiteTable, AnyPgTable>();

for (const [exportName, table] of Object.entries(sqliteSchema)) {
  if (is(table, SQLiteTable)) postgresTables[exportName] = postgresTableOf(table);
}

function postgresTableOf(table: SQLiteTable): AnyPgTable {
  const config = getTableConfig(table);
  const singleIntegerKey = config.columns.filter((column) => column.primary).length === 1;
  const rowidKey = singleIntegerKey ? config.columns.find((column) => column.primary && column.getSQLType() === 'integer') : undefined;
  const columns = Object.fromEntries(Object.entries(table[Symbol.for('drizzle:Columns') as never] as Record<string, SQLiteColumn>).map(([key, column]) => [key, postgresColumnOf(column, singleIntegerKey)]));
  const pg = pgTable(config.name, columns, (t) => {
    const columnOf = (column: Column) => (t as Record<string, PgColumn>)[keyOf(table, column)];
    const part = (part: Column | SQL) => (is(part, SQL) ? part : columnOf(part as Column));
    return [
      ...config.primaryKeys.map((key) => primaryKey({ name: key.getName(), columns: key.columns.map(columnOf) as [PgColumn, ...PgColumn[]] })),
      ...config.uniqueConstraints.map((constraint) => unique(constraint.getName()).on(...(constraint.columns.map(columnOf) as [PgColumn, ...PgColumn[]]))),
      ...config.checks.map((constraint) => check(constraint.name, constraint.value)),
      ...config.foreignKeys.map((key) => {
        const reference = key.reference();
        const foreign = derivedTable(reference.foreignTable);
        const made = foreignKey({
          name: key.getName(),
          columns: reference.columns.map(columnOf) as [PgColumn, ...PgColumn[]],
          foreignColumns: reference.foreignColumns.map((column) => (foreign as Record<string, PgColumn>)[keyOf(reference.foreignTable, column)]) as [PgColumn, ...PgColumn[]],
        });
        if (key.onDelete) made.onDelete(key.onDelete);
        if (key.onUpdate) made.onUpdate(key.onUpdate);
        return made;
      }),
      ...config.indexes.map(({ config: ix }) => {
        const parts = ix.columns.map(part) as [PgColumn | SQL, ...Array<PgColumn | SQL>];
        // SQLite's index entries end with the rowid (the integer id), so its index on due_at is read in (due_at, id)
        // order; PostgreSQL's hold no such key: appended, so `ORDER BY due_at, id` reads the index in order instead
        // of sorting every tied row (a burst of 100k timers due at one instant was sorted again at each pick).
        if (rowidKey && !ix.unique && !ix.columns.includes(rowidKey)) parts.push(columnOf(rowidKey));
        const built = (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(...parts);
        return ix.where ? built.where(ix.where) : built;
      }),
    ];
  });
  derived.set(table, pg);
  return pg;
}

/** A referenced table's PostgreSQL version (tables reference only tables declared before them, or themselves). */
function derivedTable(table: SQLiteTable): AnyPgTable {
  const made = derived.get(table);
  if (!made) throw new Error(`${getTableConfig(table).name} is referenced before it is derived`);
  return made;
}

function keyOf(table: SQLiteTable, column: Column): string {
  const columns = table[Symbol.for('drizzle:Columns') as never] as Record<string, Column>;
  const key = Object.keys(columns).find((name) => columns[name] === column || columns[name].name === column.name);
  if (!key) throw new Error(`no column ${column.name} in ${getTableConfig(table).name}`);
  return key;
}

function postgresColumnOf(column: SQLiteColumn, singleKey: boolean): PgColumnBuilderBase {
  const type = column.getSQLType();
  let built;
  if (type === 'integer') built = bigint(column.name, { mode: 'number' });
  else if (type === 'text') built = text(column.name);
  else if (type === 'real') built = doublePrecision(column.name);
  else throw new Error(`no PostgreSQL type for ${column.name}'s SQLite type ${type}`);
  if (column.primary) {
    built = built.primaryKey();
    if (type === 'integer' && singleKey) built = (built as ReturnType<typeof bigint>).generatedByDefaultAsIdentity();
  }
  if (column.notNull && !column.primary) built = built.notNull();
  if (column.isUnique) built = built.unique(column.uniqueName);
  if (column.default !== undefined) built = built.default((is(column.default, SQL) ? column.default : column.mapToDriverValue(column.default)) as never);
  return built;
}
