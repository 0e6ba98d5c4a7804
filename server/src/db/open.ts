import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SqlConnection } from './connection.ts';
import { dialectOf } from './dialect.ts';
import { defineSqlFunctions } from './sql-functions.ts';
import * as schema from './schema.ts';

/** The database as the server sees it: drizzle over the storage port, whichever adapter is behind it. */
export type Db = Omit<BetterSQLite3Database<typeof schema>, '$client'> & { $client: SqlConnection };

/**
 * drizzle's query builder on any connection of the storage port. drizzle's better-sqlite3 driver calls only what the
 * port has (prepare, transaction, and run/get/all/raw on statements), so it runs on the PostgreSQL adapter too.
 */
export function drizzleOn(connection: SqlConnection): Db {
  return drizzle(connection as unknown as Database.Database, { schema }) as unknown as Db;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * Opens (creating if needed) the database file and brings its schema up to date.
 * WAL lets readers run while the runtime writes, and with synchronous=NORMAL a commit survives a
 * crash of the process (not of the machine); busy_timeout makes a second connection wait instead of failing.
 */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 64 MiB page cache (the default is 2 MiB): events and trace rows land all over their indexes.
  sqlite.pragma('cache_size = -65536');
  defineSqlFunctions(sqlite);
  const db = drizzleOn(sqlite);
  // drizzle's migrator runs each migration through the same port calls.
  migrate(db as unknown as BetterSQLite3Database<typeof schema>, { migrationsFolder: MIGRATIONS });
  return db;
}

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE on SQLite), or in a savepoint when already inside one.
 * The port is synchronous on a single connection, so `db` itself is used inside: no tx object to thread.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}

/** The SQLite connection behind `db`, for what only SQLite has (WAL checkpoints, pragmas); refuses any other adapter. */
export function sqliteOf(db: Db): Database.Database {
  if (dialectOf(db.$client) !== 'sqlite') throw new TypeError('this needs the SQLite adapter');
  return db.$client as Database.Database;
}
