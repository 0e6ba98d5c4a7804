import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/** A second server on a database file another process holds. */
export class DatabaseInUse extends Error {}

/** The lock connections, kept until the process exits: garbage collection would close one, and free its lock. */
const held = new Set<Database.Database>();

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/**
 * Makes this process the only server writing `file`, until it exits. Two processes on one file would
 * each keep their own caches and deliver the outbox twice (issue 11), so the second one must not start.
 *
 * The lock is an OS file lock that dies with its process, even on kill -9: a sidecar SQLite file
 * (`<file>.lock`) written once in `locking_mode=EXCLUSIVE`, which keeps its exclusive lock until the
 * connection closes. Who holds it (pid, host, since when) is written beside it in `<file>.lock.json`,
 * only to say so to the process refused; the lock itself is the truth, so a leftover JSON file is harmless.
 * Readers of the database itself (tests, backups) are not affected. `:memory:` needs no lock.
 */
export function lockDatabaseFile(file: string): void {
  if (file === ':memory:') return;
  mkdirSync(dirname(file), { recursive: true });
  const lockFile = `${file}.lock`;
  const lock = new Database(lockFile, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock; in this locking mode it is kept.
    lock.exec('CREATE TABLE IF NOT EXISTS held (at INTEGER); INSERT INTO held VALUES (1); DELETE FROM held;');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new DatabaseInUse(inUseMessage(file, readHolder(`${lockFile}.json`)));
  }
  const holder: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeFileSync(`${lockFile}.json`, `${JSON.stringify(holder)}\n`);
  held.add(lock);
}

function readHolder(path: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Holder;
  } catch {
    return undefined; // the holder has not written it yet
  }
}

function inUseMessage(file: string, holder: Holder | undefined): string {
  const who = holder ? `process ${holder.pid} on ${holder.host}, running since ${holder.since}` : 'another process';
  return (
    `the database ${file} is already used by another Parcours server (${who}). ` +
    'One server process writes a SQLite file: stop that process first (its lock goes with it, even after a crash), ' +
    'or point PARCOURS_DB at another file.'
  );
}
