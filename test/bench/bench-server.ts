import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Runtime, createApiKey, createApp, openDatabase } from '@parcours/server';

/** The admin key of a benchmark's server. */
export const BENCH_KEY = 'pk_bench_admin_key_000000';

/** A benchmark's server in process: a fresh SQLite file in a temp dir, a hand-moved clock at `now`, an admin key. */
export function benchServer(name: string, now: number) {
  const dir = mkdtempSync(join(tmpdir(), `parcours-bench-${name}-`));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const clock = new ManualClock(now);
  createApiKey(db, 'bench', 'admin', now, BENCH_KEY);
  const runtime = new Runtime(db, clock);
  const app = createApp({ db, clock, runtime });
  /** Closes the database and removes its folder. */
  const close = () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, clock, runtime, app, close };
}
