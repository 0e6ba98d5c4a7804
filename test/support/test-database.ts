import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase, type Db } from '../../server/src/db/open.ts';
import { PostgresConnection } from '../../server/src/db/postgres/connection.ts';
import { openPostgresDatabase } from '../../server/src/db/postgres/open.ts';

/** Where a test's database lives: a SQLite file, or a PostgreSQL database copied from the run's template. */
export interface TestDatabase {
  open(): Db;
  /** Removes the database (its connections must be closed). */
  remove(): void;
}

let admin: PostgresConnection | undefined;
let made = 0;

/**
 * A fresh database for one test, in the run's database: SQLite in `dir` by default, PostgreSQL in the project that
 * runs the server suite there (see postgres-suite.ts). `open()` may be called again to reopen it, as a restarted
 * server would.
 */
export function testDatabase(dir: string): TestDatabase {
  const postgres = inject('postgresSuite');
  if (!postgres) {
    const file = join(dir, 'test.sqlite');
    return { open: () => openDatabase(file), remove: () => {} };
  }
  admin ??= new PostgresConnection(`${postgres.base}/postgres`);
  const name = `test_${process.pid}_${made++}`;
  // FILE_COPY: the template's files copied whole, 30 ms here against 400 ms block by block through the WAL.
  admin.exec(`CREATE DATABASE ${name} TEMPLATE ${postgres.template} STRATEGY FILE_COPY`);
  return {
    open: () => openPostgresDatabase(`${postgres.base}/${name}`),
    remove: () => admin!.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Whether this run's harnesses are on PostgreSQL: for the few tests of SQLite's own behaviour (its query plans). */
export const onPostgres = (): boolean => inject('postgresSuite') !== null;
