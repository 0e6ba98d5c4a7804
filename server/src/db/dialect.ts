import Database from 'better-sqlite3';
import type { SqlConnection } from './connection.ts';

/** The database behind a connection of the storage port. */
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(connection: SqlConnection): Dialect {
  return connection instanceof Database ? 'sqlite' : 'postgres';
}

/**
 * A statement's text for `connection`'s database, for the few that SQLite and PostgreSQL word differently (JSON
 * arrays bound as one parameter, mostly): the rest of the SQL is written once and runs on both.
 */
export function worded<T = string>(connection: SqlConnection, forms: Record<Dialect, T>): T {
  return forms[dialectOf(connection)];
}

/**
 * The value at a dotted `path` of the JSON text in `column`, as text (SQLite keeps a number a number), in
 * `connection`'s SQL. On PostgreSQL it is the form the expression indexes on contacts are built on.
 */
export function jsonField(connection: SqlConnection, column: string, path: string): string {
  const keys = path.split('.');
  return worded(connection, {
    sqlite: `json_extract(${column}, '$.${path}')`,
    postgres: keys.length === 1 ? `((${column})::jsonb ->> '${path}')` : `((${column})::jsonb #>> '{${keys.join(',')}}')`,
  });
}

/**
 * A JSON array bound as the one parameter `param`, as a FROM source whose column `value` holds its elements: as JSON
 * (an element that is itself an array, read with ->>), as text, or as a bigint (a list of row ids).
 */
export function jsonEach(connection: SqlConnection, param: string, as: 'json' | 'text' | 'bigint'): string {
  const postgres = {
    json: `json_array_elements(${param}::json) AS each(value)`,
    text: `json_array_elements_text(${param}::json) AS each(value)`,
    bigint: `(SELECT value::bigint AS value FROM json_array_elements_text(${param}::json)) AS each`,
  };
  return worded(connection, { sqlite: `json_each(${param})`, postgres: postgres[as] });
}

/** How many elements the JSON array bound as `param` has. */
export const jsonLength = (connection: SqlConnection, param: string): string =>
  worded(connection, { sqlite: `json_array_length(${param})`, postgres: `json_array_length(${param}::json)` });

/**
 * Ends a pick of due rows (timers, re-checks, campaign members) that the caller's transaction applies and clears:
 * on PostgreSQL the rows are locked, and rows another connection holds are skipped rather than waited for, so two
 * processes picking at once take different rows, and a process that dies mid-transaction gives its rows back (its
 * transaction rolls back). SQLite has one writer: nothing to add. `of` names the table whose rows are taken, in a join.
 */
export const claimed = (connection: SqlConnection, of?: string): string =>
  worded(connection, { sqlite: '', postgres: `FOR UPDATE${of ? ` OF ${of}` : ''} SKIP LOCKED` });
