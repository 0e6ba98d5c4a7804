import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@parcours/server';
import { killWhileIngesting, serverDir, serverRefusal, startServer, stopServer } from './support/server-process.ts';

/**
 * One server process per SQLite file, and group commit's durability, on the real server binary
 * (issue 11): a second server on the same file is refused and told who holds it; a server killed
 * with SIGKILL while it ingests loses no acknowledged event, and its lock goes with it.
 */
const KEY = 'pk_writer_lock_test_admin_key';
const { dir, noExamples } = serverDir('parcours-writer-lock-');
const env = (dbFile: string) => ({ PARCOURS_DB: dbFile, PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples });

function storedUsers(dbFile: string): Set<string> {
  const db = openDatabase(dbFile);
  try {
    return new Set((db.$client.prepare("select contact_id id from events where name = 'crash'").all() as Array<{ id: string }>).map((r) => r.id));
  } finally {
    db.$client.close();
  }
}

describe('one writer per database file', () => {
  it('refuses a second server on the same file, naming the process that holds it', async () => {
    const dbFile = join(dir, 'held.sqlite');
    const holder = await startServer(env(dbFile));
    try {
      const second = await serverRefusal(env(dbFile));
      expect(second.code).not.toBe(0);
      expect(second.code).not.toBeNull();
      expect(second.output).toContain(`process ${holder.child.pid} on `);
      expect(second.output).toContain('stop that process first');
      // Another file is free.
      const other = await startServer(env(join(dir, 'other.sqlite')));
      await stopServer(other.child);
    } finally {
      await stopServer(holder.child);
    }
  });

  it('keeps every acknowledged event through kill -9, and the restart on the same file is accepted', async () => {
    const dbFile = join(dir, 'crash.sqlite');
    const first = await startServer(env(dbFile));
    const acknowledged = await killWhileIngesting(first, KEY, 300);

    const restarted = await startServer(env(dbFile));
    try {
      const stored = storedUsers(dbFile);
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      expect(acknowledged.filter((userId) => !stored.has(userId))).toEqual([]);
    } finally {
      await stopServer(restarted.child);
    }
  });
});
