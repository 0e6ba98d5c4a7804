/**
 * `pnpm bench:scale-out`: the server binary on PostgreSQL beside SQLite, in the same run, over HTTP as a user meets
 * it. For each database: ingest (single events over HTTP, autocannon, new contacts entering a journey), then a burst
 * of timers (every contact enrolled waits until the same instant; the manual clock is moved past it and the burst is
 * timed until the last timer has fired). Ends with one line `RESULT {json}`. Not part of the tests.
 *
 * One server process per database: several processes on one PostgreSQL database (api and worker roles) are not built
 * yet (issue 12), so the figures with 2 and 4 workers are not measured, and the bench says so rather than print them.
 * Scale with BENCH_BURST (timers, default 100,000) and BENCH_SECONDS (the ingest load, default 10).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openPostgresDatabase, type Db } from '../../server/src/index.ts';
import { startPostgresCluster } from '../support/postgres-cluster.ts';
import { callServer, startServer, stopServer } from '../support/server-process.ts';
import { load } from './load/http-load.ts';
import { burst } from './load/scenarios.ts';

const BURST = Number(process.env.BENCH_BURST ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = 'pk_bench_scale_out_admin_key_000000';
const START = Date.parse('2026-03-02T08:00:00Z');
/** The burst's instant: a day after the start. */
const DUE = new Date(START + 86_400_000);
/** Events per /api/batch request when enrolling the burst's contacts. */
const BATCH = 500;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const row = (label: string, ...cells: string[]) => console.log(`  ${label.padEnd(44)}${cells.map((cell) => cell.padStart(14)).join('')}`);

interface Figures {
  ingestPerSecond: number;
  ingestP99: number;
  timersPerSecond: number;
}

async function measure(env: Record<string, string>, open: () => Db): Promise<Figures> {
  const server = await startServer({ ...env, PARCOURS_ADMIN_KEY: KEY, PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: new Date(START).toISOString() });
  const db = open();
  try {
    const scenario = burst(DUE);
    if ((await callServer(server.base, KEY, 'POST', '/scenarios/import', scenario)).status !== 201) throw new Error('import refused');
    if ((await callServer(server.base, KEY, 'POST', '/scenarios/bench-burst/publish')).status !== 201) throw new Error('publish refused');

    // Ingest: one event per request, each a new contact entering the journey (a contact row, an enrolment, a timer).
    const ingest = await load({ url: `${server.base}/api/track`, method: 'POST', key: KEY, connections: 16, duration: SECONDS, body: (i) => ({ userId: `i${i}`, event: 'bench_burst' }) });
    if (ingest.failures > 0) throw new Error(`${ingest.failures} ingest requests failed`);

    // The rest of the burst's contacts, in batches.
    const waiting = () => db.$client.prepare('SELECT count(*) FROM enrolments WHERE due_at IS NOT NULL').pluck().get() as number;
    for (let from = waiting(); from < BURST; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, BURST - from) }, (_, i) => ({ type: 'track', userId: `b${from + i}`, event: 'bench_burst' }));
      if ((await callServer(server.base, KEY, 'POST', '/batch', { batch })).status !== 200) throw new Error('batch refused');
    }
    const timers = waiting();
    const started = performance.now();
    // The manual clock fires every timer due on the way before it answers.
    if ((await callServer(server.base, KEY, 'POST', '/clock', { to: new Date(DUE.getTime() + 60_000).toISOString() })).status !== 200) throw new Error('clock refused');
    const seconds = (performance.now() - started) / 1000;
    if (waiting() !== 0) throw new Error(`${waiting()} timers still pending after the burst`);
    return { ingestPerSecond: ingest.perSecond, ingestP99: ingest.p99, timersPerSecond: timers / seconds };
  } finally {
    db.$client.close();
    await stopServer(server.child);
  }
}

async function main() {
  console.log(`Parcours scale-out benchmark — burst of ${fmt(BURST)} timers, ${SECONDS} s of ingest, node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}`);
  const dir = mkdtempSync(join(tmpdir(), 'parcours-scale-out-'));
  const noExamples = join(dir, 'no-examples');
  mkdirSync(noExamples);
  const file = join(dir, 'bench.sqlite');
  const cluster = await startPostgresCluster();
  let sqlite: Figures;
  let postgres: Figures;
  try {
    sqlite = await measure({ PARCOURS_DB: file, PARCOURS_SCENARIOS: noExamples }, () => openDatabase(file));
    const url = cluster.createDatabase('bench');
    postgres = await measure({ PARCOURS_DATABASE_URL: url, PARCOURS_SCENARIOS: noExamples }, () => openPostgresDatabase(url));
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  row('', 'SQLite', 'PostgreSQL', 'ratio');
  row('ingest over HTTP, events/s (16 connections)', fmt(sqlite.ingestPerSecond), fmt(postgres.ingestPerSecond), (postgres.ingestPerSecond / sqlite.ingestPerSecond).toFixed(2));
  row('  p99 latency (ms)', fmt(sqlite.ingestP99), fmt(postgres.ingestP99), (postgres.ingestP99 / sqlite.ingestP99).toFixed(2));
  row(`burst of ${fmt(BURST)} timers, timers/s`, fmt(sqlite.timersPerSecond), fmt(postgres.timersPerSecond), (postgres.timersPerSecond / sqlite.timersPerSecond).toFixed(2));
  console.log('  with 2 and 4 worker processes: not measured, one server process runs on a database until claims are shared (issue 12)');
  console.log(`RESULT ${JSON.stringify({ burst: BURST, seconds: SECONDS, sqlite, postgres, workers: { 1: postgres } })}`);
}

await main();
