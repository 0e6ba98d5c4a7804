import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Runtime, createApiKey, createApp, openDatabase } from '@parcours/server';

/** The admin key of an in-process benchmark's app. */
export const BENCH_KEY = 'pk_bench_admin_key_000000';

/** An in-process app on a fresh SQLite file in a temp dir, on a manual clock at `now`, with an admin key; `remove` deletes it all. */
export function benchApp(name: string, now: number) {
  const dir = mkdtempSync(join(tmpdir(), `parcours-bench-${name}-`));
  const db = openDatabase(join(dir, 'bench.sqlite'));
  const clock = new ManualClock(now);
  createApiKey(db, 'bench', 'admin', now, BENCH_KEY);
  const runtime = new Runtime(db, clock);
  const app = createApp({ db, clock, runtime });
  const remove = () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, clock, runtime, app, remove };
}

/** A figure as the benchmarks print it. */
export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
/** The id of the `i`-th generated contact (sorted like the numbers). */
export const benchContactId = (i: number) => `c${String(i).padStart(7, '0')}`;
