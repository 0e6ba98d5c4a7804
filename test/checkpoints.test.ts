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
      const walSizes: number[] = [];
      for (let b = 0; b < 12; b++) {
        const batch = Array.from({ length: 1000 }, (_, i) => ({ type: 'track', userId: `u${b}-${i}`, event: 'page', properties: { path: `/p/${i}`, pad: 'x'.repeat(200) } }));
        expect((await callServer(server.base, KEY, 'POST', '/batch', { batch })).status).toBe(200);
        await sleep(300);
        walSizes.push(statSync(`${dbFile}-wal`).size);
      }
      await sleep(600);
      const database = statSync(dbFile).size;
      // Twelve batches of about half a megabyte each reached the database file while the server ran...
      expect(database - initial).toBeGreaterThan(3 * 2 ** 20);
      // ...and the WAL, which only grows (a checkpoint lets the next commit write from its start again), stays about
      // the size one batch made, where without checkpoints it would hold all twelve. (How big one batch's WAL is
      // depends on how many commits the group commit cut it into: more on a slower machine.)
      expect(walSizes.at(-1)!).toBeLessThan(4 * walSizes[0]);
    } finally {
      await stopServer(server.child);
    }
  });
});
