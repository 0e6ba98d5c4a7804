import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzleOn, type Db } from '../open.ts';
import { oneProcessAtATime } from '../dialect.ts';
import { PostgresConnection } from './connection.ts';

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), '../../../drizzle-postgres');

/**
 * Connects to the PostgreSQL database at `url` and brings its schema up to date (server/drizzle-postgres, written by
 * db:generate:postgres from the one drizzle schema). Several processes may start at once: an advisory lock lets one
 * migrate while the others wait, then find nothing left to do.
 */
export function openPostgresDatabase(url: string): Db {
  const connection = new PostgresConnection(url);
  requireCodePointOrder(connection);
  const db = drizzleOn(connection);
  // drizzle's SQLite migrator, through the port: its bookkeeping SQL is also PostgreSQL's.
  oneProcessAtATime(connection, () => migrate(db as unknown as BetterSQLite3Database, { migrationsFolder: MIGRATIONS }));
  return db;
}

/**
 * Ids are paged through and ordered by `>` and ORDER BY on text, which SQLite compares byte by byte (code point
 * order). A database collating by a language's rules would order and page them differently (and tie-break a
 * campaign's ranking otherwise): refused, with the statement that makes a database that fits.
 */
function requireCodePointOrder(connection: PostgresConnection): void {
  // Asked of the comparison itself, whatever provider (libc or ICU) and version made the database's collation:
  // by code point, 'B' (U+0042) sorts before 'a' and 'é' (U+00E9) after 'z'; by any language's rules, neither.
  if (connection.prepare("SELECT 'B' < 'a' AND 'é' > 'z'").pluck().get() === 1) return;
  const collation = connection.prepare('SELECT datcollate FROM pg_database WHERE datname = current_database()').pluck().get() as string;
  connection.close();
  throw new Error(
    `the PostgreSQL database sorts text by a language's rules (its collation: ${collation}); Parcours orders ids as SQLite does, by code point: create its database with CREATE DATABASE <name> TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
  );
}
