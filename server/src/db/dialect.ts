import Database from 'better-sqlite3';
import type { SqlConnection } from './connection.ts';

/** The database behind a connection of the storage port. */
export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(connection: SqlConnection): Dialect {
  return connection instanceof Database ? 'sqlite' : 'postgres';
}

/**
 * Whether other processes may write the database while this one does: on PostgreSQL any number of api and worker
 * processes share it; a SQLite file has one process (its file lock). What a process may keep in memory between
 * transactions, and which locks it must take in the database, follow from this.
 */
export const sharedByProcesses = (connection: SqlConnection): boolean => dialectOf(connection) === 'postgres';

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

/**
 * The FROM of a pick of due rows of `table` (each names its contact in `contact_id`) that the caller then steps: on
 * PostgreSQL joined with the contacts, so that `claimed(connection, `${table}, contacts`)` also locks each row's
 * contact, and a row whose contact another process is stepping is skipped rather than waited for (see
 * contactToStep: a worker never waits on the API, so the two never deadlock). Columns are then written qualified.
 */
export const dueWithContact = (connection: SqlConnection, table: string): string =>
  worded(connection, { sqlite: table, postgres: `${table} JOIN contacts ON contacts.id = ${table}.contact_id` });

/** Background jobs that one process at a time runs, each with an advisory lock id no other lock of the application uses. */
const SOLE_JOBS = { 'entry backfill': 7_250_010, 'segment membership': 7_250_011, campaigns: 7_250_012, 'import apply': 7_250_013 } as const;
export type SoleJob = keyof typeof SOLE_JOBS;

/**
 * Whether the caller's transaction may run `job`, a background job that walks its work in order (a cursor, a queue
 * of staged rows) and would do it twice if two processes ran it at once: always on SQLite (one process); on PostgreSQL
 * when no other process's transaction is running it (a transaction-level advisory lock, let go at the commit), else
 * the caller skips its turn. Timers and the outbox need no such lock: their picks share the rows out (see claimed).
 */
export function soleJob(connection: SqlConnection, job: SoleJob): boolean {
  return !sharedByProcesses(connection) || connection.prepare('SELECT pg_try_advisory_xact_lock(?)').pluck().get(SOLE_JOBS[job]) === 1;
}

/** Any number that no other advisory lock of the application uses: held while a process migrates or seeds the database. */
const START_LOCK = 7_250_001;

/**
 * Runs `fn`, start-up work (migrations, the preset key, the examples, the setup link), while no other process runs
 * its own: several processes starting at once on PostgreSQL then do it once, the first, and the others find it done.
 * SQLite needs nothing: its file lock lets one process in.
 */
export function oneProcessAtATime<T>(connection: SqlConnection, fn: () => T): T {
  if (!sharedByProcesses(connection)) return fn();
  connection.prepare('SELECT pg_advisory_lock(?)').get(START_LOCK);
  try {
    return fn();
  } finally {
    connection.prepare('SELECT pg_advisory_unlock(?)').get(START_LOCK);
  }
}

/** The first key of the advisory locks on names (the second is the name's hash): no other lock of the application uses it. */
const NAMED_LOCKS = 7_250_020;

/**
 * Holds a lock on `name` for this process until the returned function lets it go (PostgreSQL: a session advisory lock,
 * which goes with the process's connection even after kill -9), so that another process can tell work under way here
 * from work a dead process left. SQLite needs nothing: one process.
 */
export function holdName(connection: SqlConnection, name: string): () => void {
  if (!sharedByProcesses(connection)) return () => {};
  connection.prepare('SELECT pg_advisory_lock(?, hashtext(?))').get(NAMED_LOCKS, name);
  return () => void connection.prepare('SELECT pg_advisory_unlock(?, hashtext(?))').get(NAMED_LOCKS, name);
}

/** Whether another process holds the lock on `name` (see holdName): always false on SQLite. */
export function heldElsewhere(connection: SqlConnection, name: string): boolean {
  if (!sharedByProcesses(connection)) return false;
  if (connection.prepare('SELECT pg_try_advisory_lock(?, hashtext(?))').pluck().get(NAMED_LOCKS, name) !== 1) return true;
  connection.prepare('SELECT pg_advisory_unlock(?, hashtext(?))').get(NAMED_LOCKS, name);
  return false;
}
