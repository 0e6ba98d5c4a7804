import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { callServer, serverDir, startServer, stopServer } from './support/server-process.ts';

/**
 * The server checkpoints its WAL from a worker thread, not inside its own commits (issue 11): on the
 * real server binary, what it commits reaches the database file while it runs, and the WAL does not
 * grow with everything written.
 */
const KEY = 'pk_checkpoint_test_admin_key_000';
const { dir, noExamples } = serverDir('parcours-checkpoints-');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('WAL checkpoints off the writing thread', () => {
  it('copies committed pages into the database file as the server runs, keeping the WAL small', async () => {
    const dbFile = join(dir, 'parcours.sqlite');
    const server = await startServer({ PARCOURS_DB: dbFile, PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples });
    try {
      const initial = statSync(dbFile).size;
      for (let b = 0; b < 12; b++) {
        const batch = Array.from({ length: 1000 }, (_, i) => ({ type: 'track', userId: `u${b}-${i}`, event: 'page', properties: { path: `/p/${i}`, pad: 'x'.repeat(200) } }));
        expect((await callServer(server.base, KEY, 'POST', '/batch', { batch })).status).toBe(200);
        await sleep(300);
      }
      await sleep(600);
      const database = statSync(dbFile).size;
      const wal = statSync(`${dbFile}-wal`).size;
      // Twelve batches of about half a megabyte each: most of it is in the database file, not left in the WAL.
      expect(database - initial).toBeGreaterThan(3 * 2 ** 20);
      expect(wal).toBeLessThan((database - initial) / 2);
    } finally {
      await stopServer(server.child);
    }
  });
});
