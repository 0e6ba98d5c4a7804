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
export function worded(connection: SqlConnection, forms: Record<Dialect, string>): string {
  return forms[dialectOf(connection)];
}
