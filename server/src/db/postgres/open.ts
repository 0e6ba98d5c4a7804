import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzleOn, type Db } from '../open.ts';
import { PostgresConnection } from './connection.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../../drizzle-postgres');

/** Any number that no other advisory lock of the application uses: held while one process migrates. */
const MIGRATION_LOCK = 7_250_001;

/**
 * Connects to the PostgreSQL database at `url` and brings its schema up to date (server/drizzle-postgres, written by
 * db:generate:postgres from the one drizzle schema). Several processes may start at once: an advisory lock lets one
 * migrate while the others wait, then find nothing left to do.
 */
export function openPostgresDatabase(url: string): Db {
  const connection = new PostgresConnection(url);
  const db = drizzleOn(connection);
  connection.prepare('SELECT pg_advisory_lock(?)').get(MIGRATION_LOCK);
  try {
    // drizzle's SQLite migrator, through the port: its bookkeeping SQL is also PostgreSQL's.
    migrate(db as unknown as BetterSQLite3Database, { migrationsFolder: MIGRATIONS });
  } finally {
    connection.prepare('SELECT pg_advisory_unlock(?)').get(MIGRATION_LOCK);
  }
  return db;
}
