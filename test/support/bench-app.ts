import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Runtime, checkpointOffThread, createApiKey, createApp, openDatabase } from '@parcours/server';

/** The admin key of an in-process benchmark's app. */
export const BENCH_KEY = 'pk_bench_admin_key_000000';

/**
 * An in-process app on a fresh SQLite file in a temp dir, on a manual clock at `now`, with an admin key, and WAL
 * checkpoints off the writing thread as the server has them (without, each commit past SQLite's threshold copies the
 * WAL on the writer's thread, and a phase pays for the pages the one before wrote); `remove` deletes it all.
 */
export function benchApp(name: string, now: number) {
  const dir = mkdtempSync(join(tmpdir(), `parcours-bench-${name}-`));
  const file = join(dir, 'bench.sqlite');
  const db = openDatabase(file);
  const stopCheckpoints = checkpointOffThread(db, file);
  const clock = new ManualClock(now);
  createApiKey(db, 'bench', 'admin', now, BENCH_KEY);
  const runtime = new Runtime(db, clock);
  const app = createApp({ db, clock, runtime });
  const remove = async () => {
    await stopCheckpoints();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, clock, runtime, app, remove };
}

/** A figure as the benchmarks print it. */
export const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
/** The id of the `i`-th generated contact (sorted like the numbers). */
export const benchContactId = (i: number) => `c${String(i).padStart(7, '0')}`;

/** Calls the bench app's API with the admin key; a status of 300 or more throws. */
export function benchCaller(app: ReturnType<typeof benchApp>['app']) {
  return async (method: string, path: string, body?: unknown): Promise<any> => {
    const headers: Record<string, string> = { authorization: `Bearer ${BENCH_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    const response = await app.request(`/api${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
}

/**
 * Runs the campaign job as the background loop does (time-budgeted transactions back to back, yielding between
 * them) until it has nothing left to do: how many transactions it took and the longest (what a request waits behind).
 */
export async function drainCampaigns(runtime: ReturnType<typeof benchApp>['runtime']): Promise<{ transactions: number; longestMs: number }> {
  let longestMs = 0;
  let transactions = 0;
  for (;;) {
    const t0 = performance.now();
    const done = runtime.runCampaigns();
    longestMs = Math.max(longestMs, performance.now() - t0);
    transactions++;
    if (done === 0) return { transactions, longestMs };
    await new Promise((resolve) => setImmediate(resolve));
  }
}
