import { DatabaseInUse } from '../writer-lock.ts';
import type { Db } from '../open.ts';
import { redactPassword } from './connection.ts';

/** Any number that no other advisory lock of the application uses: held by the server process on its database. */
const SERVER_LOCK = 7_250_002;

/**
 * Makes this process the only server on the PostgreSQL database, as the file lock does on SQLite: until claims of
 * timers and outbox rows are shared between processes, a second one would deliver the outbox twice. The lock is a
 * session advisory lock on the server's connection, so it goes when the process does, even on kill -9 (its socket
 * closes with it).
 */
export function lockPostgresDatabase(db: Db, url: string): void {
  const connection = db.$client;
  if (connection.prepare('SELECT pg_try_advisory_lock(?)').pluck().get(SERVER_LOCK) === 1) return;
  const holder = connection
    .prepare(
      `SELECT a.client_addr AS address, a.backend_start AS since FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = ? AND l.granted`,
    )
    .get(SERVER_LOCK) as { address: string | null; since: string } | undefined;
  const who = holder ? `connected from ${holder.address ?? 'a local socket'} since ${holder.since}` : 'another process';
  connection.close();
  throw new DatabaseInUse(
    `the database ${redactPassword(url)} is already used by another Parcours server (${who}). One server process runs on a database: stop that process first (its lock goes with its connection, even after a crash).`,
  );
}
