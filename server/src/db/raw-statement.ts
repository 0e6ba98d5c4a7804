import { getTableColumns, type Column } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqlRunResult, SqlStatement } from './connection.ts';

type Row = Record<string, unknown>;

/** Columns whose JS value differs from what SQLite stores (JSON text, 0/1 booleans). */
const mapped = (column: Column) => column.columnType === 'SQLiteTextJson' || column.columnType === 'SQLiteBoolean';

/**
 * How one table's rows cross into plain better-sqlite3: a SELECT list naming each column by its key
 * in the drizzle schema, and that schema's own mappers for JSON and boolean columns, so a row read
 * or written here is exactly what drizzle reads or writes.
 */
export class TableCodec<T extends SQLiteTable> {
  private readonly columns: Array<[string, Column]>;
  private readonly mappedColumns: Array<[string, Column]>;

  constructor(table: T) {
    this.columns = Object.entries(getTableColumns(table));
    this.mappedColumns = this.columns.filter(([, column]) => mapped(column));
  }

  /** `"contact_id" AS "contactId", ...`; with a prefix, qualified by a table alias and with prefixed names. */
  select(alias?: string, prefix = ''): string {
    return this.columns.map(([key, column]) => `${alias ? `${alias}.` : ''}"${column.name}" AS "${prefix}${key}"`).join(', ');
  }

  /** Turns stored values into the schema's JS values, in place (rows come fresh from SQLite). */
  decode(row: Row, prefix = ''): T['$inferSelect'] {
    for (const [key, column] of this.mappedColumns) {
      const value = row[prefix + key];
      if (value !== null && value !== undefined) row[prefix + key] = column.mapFromDriverValue(value);
    }
    return row as T['$inferSelect'];
  }

  /** Bound parameters named like the schema's keys, with JSON and boolean values encoded (a copy: callers keep their objects). */
  encode(params: Row): Row {
    if (!this.mappedColumns.some(([key]) => params[key] !== undefined && params[key] !== null)) return params;
    const out = { ...params };
    for (const [key, column] of this.mappedColumns) {
      const value = out[key];
      if (value !== null && value !== undefined) out[key] = column.mapToDriverValue(value);
    }
    return out;
  }
}

/**
 * A LIMIT taken from a bound parameter (`@limit`, `?`). Written plainly, SQLite (3.51 here) plans with the bound
 * value, so the statement is compiled again each time a value is bound: about 40 µs for a statement returning whole
 * rows, more than reading them (measured on the outbox pick). As an expression the limit is only evaluated.
 */
export const boundLimit = (param = '@limit') => `LIMIT ${param} + 0`;

/**
 * A better-sqlite3 statement with named parameters (`@name`): parameters encoded and rows decoded by
 * a table codec when one is given. The runtime's hot path uses these instead of drizzle's query
 * builder, whose per-call mapping cost about a fifth of a timer step (CPU profile of `pnpm bench:server`).
 */
export class RawStatement<Params extends object, Result = never> {
  /** Made at the first read: a write never needs it (and on PostgreSQL, learning a statement's columns is a round trip). */
  private decodeRow?: (values: unknown[]) => Result;

  constructor(
    private readonly statement: SqlStatement,
    private readonly codec?: TableCodec<SQLiteTable>,
    private readonly decode?: (row: Row) => Result,
  ) {}

  /**
   * Rows come as arrays and become objects through a literal made for this statement's columns: better-sqlite3 builds
   * a row object one property at a time, about 4 µs for an enrolment's 18 columns, half of a due-timer query's cost
   * (measured on a 1M-contact database: 8.7-9.6 µs a row as objects, 4.4-5.4 as arrays).
   */
  private rowDecoder(): (values: unknown[]) => Result {
    const codec = this.codec;
    const finish = this.decode ?? (codec ? (row: Row) => codec.decode(row) as Result : (row: Row) => row as Result);
    const toObject = rowLiteral(this.statement.raw(true).columns().map((column) => column.name));
    return (this.decodeRow = (values) => finish(toObject(values)));
  }

  run(params: Params): SqlRunResult {
    return this.statement.run(this.codec ? this.codec.encode(params as Row) : params);
  }

  get(params: Params): Result | undefined {
    const decodeRow = this.decodeRow ?? this.rowDecoder();
    const values = this.statement.get(params) as unknown[] | undefined;
    return values === undefined ? undefined : decodeRow(values);
  }

  all(params: Params): Result[] {
    const decodeRow = this.decodeRow ?? this.rowDecoder();
    return (this.statement.all(params) as unknown[][]).map(decodeRow);
  }
}

/**
 * A function that makes an object of a row's values, each under its column's name, with one object literal: the
 * objects share one shape, as rows written field by field do not. The names are the statement's own column names.
 */
function rowLiteral(names: string[]): (values: unknown[]) => Row {
  return new Function('v', `return { ${names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')} };`) as (values: unknown[]) => Row;
}
