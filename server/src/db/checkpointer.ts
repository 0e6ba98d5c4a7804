import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { sqliteOf, type Db } from './open.ts';

/** How often the checkpointer copies committed pages from the WAL into the database file. */
export const CHECKPOINT_EVERY_MS = 250;

// Plain JavaScript (an eval worker has no TypeScript loader): its own connection, a passive checkpoint
// at each tick, a last one when told to stop.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * Moves WAL checkpoints off the thread that writes. SQLite's own checkpoint runs inside the commit
 * that crosses its threshold, on the writer's thread: with steps landing all over large indexes, a
 * batch of timers dirties thousands of pages and about half of each commit went into copying them
 * to the database file (CPU profile of `bench:load`). A worker thread with its own connection
 * checkpoints instead, beside the writer (WAL lets both run at once); a checkpoint that copied every
 * frame lets the next commit start the WAL over, so it stays as small as before.
 * Returns a function that stops the worker after a last checkpoint.
 */
export function checkpointOffThread(db: Db, file: string): () => Promise<void> {
  const worker = new Worker(WORKER, {
    eval: true,
    workerData: { file, everyMs: CHECKPOINT_EVERY_MS, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
  });
  sqliteOf(db).pragma('wal_autocheckpoint = 0');
  let stopping = false;
  worker.on('error', (error) => console.error(`checkpointer: ${error.message}`));
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      // A worker gone before it was told to stop (an error, a crash): the writer checkpoints again itself,
      // so the WAL never grows unchecked.
      if (!stopping) {
        console.error('checkpointer stopped: the writer checkpoints again');
        sqliteOf(db).pragma('wal_autocheckpoint = 1000');
      }
      resolve();
    }),
  );
  return async () => {
    stopping = true;
    worker.postMessage('stop');
    await exited;
  };
}
