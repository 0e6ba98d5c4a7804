/**
 * `pnpm bench:scale-out`: the server binary on PostgreSQL with 1, 2 and 4 processes beside one process on SQLite, in
 * the same run, over HTTP as a user meets it. Ingest: single events over HTTP (autocannon, 16 connections in all,
 * shared among the API processes), each a new contact entering a journey that waits. Burst: BENCH_BURST contacts
 * (100,000 by default) waiting until one instant; on SQLite the manual clock is moved past it, on PostgreSQL the
 * worker processes (real clock) find them all due at once, and the burst is timed until the last timer has fired.
 * Ends with one line `RESULT {json}`. Not part of the tests. BENCH_SECONDS: the ingest load's length (default 10).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, openPostgresDatabase, type Db } from '../../server/src/index.ts';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster.ts';
import { callServer, startServer, startWorker, stopServer, type ServerProcess } from '../support/server-process.ts';
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

/** Processes of each role on PostgreSQL, measured in turn. */
const PROCESSES = [1, 2, 4];
/** Where the base's timers wait until a burst is started: far away, so that no worker fires them early. */
const FAR = Date.parse('2100-01-01T00:00:00Z');

/**
 * The PostgreSQL database every measure copies: the burst's journey published and BURST contacts waiting in it,
 * their timers moved far away. Made through one server process on a manual clock (nothing fires meanwhile).
 */
async function postgresBase(cluster: PostgresCluster, env: Record<string, string>): Promise<string> {
  const url = cluster.createDatabase('bench_base');
  const server = await startServer({ ...env, PARCOURS_DATABASE_URL: url, PARCOURS_ADMIN_KEY: KEY, PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: new Date(START).toISOString() });
  try {
    if ((await callServer(server.base, KEY, 'POST', '/scenarios/import', burst(DUE))).status !== 201) throw new Error('import refused');
    if ((await callServer(server.base, KEY, 'POST', '/scenarios/bench-burst/publish')).status !== 201) throw new Error('publish refused');
    for (let from = 0; from < BURST; from += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, BURST - from) }, (_, i) => ({ type: 'track', userId: `b${from + i}`, event: 'bench_burst' }));
      if ((await callServer(server.base, KEY, 'POST', '/batch', { batch })).status !== 200) throw new Error('batch refused');
    }
  } finally {
    await stopServer(server.child);
  }
  const db = openPostgresDatabase(url);
  db.$client.prepare('UPDATE enrolments SET due_at = ? WHERE due_at IS NOT NULL').run(FAR);
  db.$client.close();
  return 'bench_base';
}

/** Ingest through `apis` API processes at once on a copy of the base: events/s summed, the worst p99. */
async function ingestWith(cluster: PostgresCluster, base: string, apis: number, env: Record<string, string>): Promise<{ perSecond: number; p99: number }> {
  const url = cluster.createDatabase(`ingest_${apis}`, base);
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < apis; i++) servers.push(await startServer({ ...env, PARCOURS_DATABASE_URL: url, PARCOURS_ADMIN_KEY: KEY, PARCOURS_ROLE: 'api' }));
    const runs = await Promise.all(
      servers.map((server, n) =>
        load({ url: `${server.base}/api/track`, method: 'POST', key: KEY, connections: 16 / apis, duration: SECONDS, body: (i) => ({ userId: `i${n}-${i}`, event: 'bench_burst' }) }),
      ),
    );
    const failures = runs.reduce((sum, run) => sum + run.failures, 0);
    if (failures > 0) throw new Error(`${failures} ingest requests failed`);
    return { perSecond: runs.reduce((sum, run) => sum + run.perSecond, 0), p99: Math.max(...runs.map((run) => run.p99)) };
  } finally {
    await Promise.all(servers.map((server) => stopServer(server.child)));
  }
}

/** The burst through `workers` worker processes on a copy of the base: its BURST timers made due at one instant. */
async function burstWith(cluster: PostgresCluster, base: string, workers: number, env: Record<string, string>): Promise<number> {
  const url = cluster.createDatabase(`burst_${workers}`, base);
  const servers: ServerProcess[] = [];
  const db = openPostgresDatabase(url);
  try {
    for (let i = 0; i < workers; i++) servers.push(await startWorker({ ...env, PARCOURS_DATABASE_URL: url, PARCOURS_PUBLIC_URL: 'http://127.0.0.1:1' }));
    const dueAt = Date.now() + 1_000;
    db.$client.prepare('UPDATE enrolments SET due_at = ? WHERE due_at IS NOT NULL').run(dueAt);
    // The timers are due once the update commits, if that is later than the instant it set.
    const started = Math.max(dueAt, Date.now());
    const waiting = () => db.$client.prepare('SELECT count(*) FROM enrolments WHERE due_at IS NOT NULL').pluck().get() as number;
    while (waiting() > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    return BURST / ((Date.now() - started) / 1000);
  } finally {
    db.$client.close();
    await Promise.all(servers.map((server) => stopServer(server.child)));
  }
}

async function main() {
  console.log(`Parcours scale-out benchmark — burst of ${fmt(BURST)} timers, ${SECONDS} s of ingest, node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}`);
  const dir = mkdtempSync(join(tmpdir(), 'parcours-scale-out-'));
  const noExamples = join(dir, 'no-examples');
  mkdirSync(noExamples);
  const file = join(dir, 'bench.sqlite');
  const cluster = await startPostgresCluster();
  const env = { PARCOURS_SCENARIOS: noExamples, PARCOURS_LONG_TASK_MS: '0' };
  let sqlite: Figures;
  const ingest: Record<number, { perSecond: number; p99: number }> = {};
  const timers: Record<number, number> = {};
  try {
    sqlite = await measure({ PARCOURS_DB: file, PARCOURS_SCENARIOS: noExamples }, () => openDatabase(file));
    const base = await postgresBase(cluster, env);
    for (const n of PROCESSES) ingest[n] = await ingestWith(cluster, base, n, env);
    for (const n of PROCESSES) timers[n] = await burstWith(cluster, base, n, env);
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('');
  row('', 'SQLite', ...PROCESSES.map((n) => `PostgreSQL ×${n}`));
  row('ingest over HTTP, events/s (16 connections)', fmt(sqlite.ingestPerSecond), ...PROCESSES.map((n) => fmt(ingest[n].perSecond)));
  row('  p99 latency (ms)', fmt(sqlite.ingestP99), ...PROCESSES.map((n) => fmt(ingest[n].p99)));
  row(`burst of ${fmt(BURST)} timers, timers/s`, fmt(sqlite.timersPerSecond), ...PROCESSES.map((n) => fmt(timers[n])));
  row('  ratio to SQLite (ingest, burst)', '1', ...PROCESSES.map((n) => `${(ingest[n].perSecond / sqlite.ingestPerSecond).toFixed(2)}, ${(timers[n] / sqlite.timersPerSecond).toFixed(2)}`));
  console.log(`  PostgreSQL ×n: n API processes share the ingest load, n worker processes fire the burst; they and PostgreSQL share these ${cpus().length} cores`);
  console.log(`RESULT ${JSON.stringify({ burst: BURST, seconds: SECONDS, sqlite, postgres: { ingest, timers } })}`);
}

await main();
