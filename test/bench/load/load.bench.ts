/**
 * `pnpm bench:load`: the real server as a user meets it. Starts the server binary as a child process
 * on a fresh database holding 1M generated contacts, all waiting in a journey, with the examples
 * live, drives it over HTTP with autocannon, and prints each figure beside a baseline measured in the
 * same run (a bare Hono + better-sqlite3 server; the raw writes of the same timer steps). Ends with one
 * line `RESULT {json}`. Not part of the tests. Scale down with BENCH_CONTACTS (default 1,000,000) and
 * BENCH_SECONDS (each HTTP load, default 10); run some phases only with BENCH_PHASES (e.g. `date,stats`).
 * BENCH_CPU_PROF=<dir> has the server write a V8 CPU profile there when it stops (read it with test/bench/cpu-profile.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { cpus, tmpdir, totalmem } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { STALL_WINDOW_MS } from '../../../server/src/runtime/long-tasks.ts';
import { startListening, stopServer, type ServerProcess } from '../../support/server-process.ts';
import { batchFloor } from './batch-floor.ts';
import { healthProbe, load, percentile, type LoadFigures } from './http-load.ts';
import { contactId, populate } from './populate.ts';
import { rawFloor, snapshotRows } from './raw-floor.ts';
import { burst, dated, steady } from './scenarios.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BURST = Math.min(100_000, CONTACTS);
const STEADY_CONTACTS = Math.min(15_000, CONTACTS / 4);
const STEADY_PERIOD_S = 10;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'http,burst,steady,date,stats').split(','));
const KEY = 'pk_bench_load_admin_key_0000000000';
/** The server logs event-loop stalls and jobs over this many ms (PARCOURS_LONG_TASK_MS; 40 unless set). */
const LONG_TASK_MS = process.env.PARCOURS_LONG_TASK_MS ?? '40';
const CPU_PROF = process.env.BENCH_CPU_PROF;

const dir = mkdtempSync(join(tmpdir(), 'parcours-load-'));
const file = join(dir, 'parcours.sqlite');
const result: Record<string, number> = {};
const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n));
const row = (label: string, value: string, baseline?: string) => console.log(`  ${label.padEnd(52)} ${value.padStart(12)}${baseline ? `   ${baseline}` : ''}`);
const randomContact = () => contactId(Math.floor(Math.random() * CONTACTS));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A read-only connection to the server's file: figures are read from what it committed. */
let reader: Database.Database;
/** The event-loop stalls the server logged, as they arrived. */
const stalls: Array<{ at: number; ms: number }> = [];
/**
 * The longest stall logged since `since` (a performance.now()); the threshold when none was over it. The server
 * logs a second's stall at the end of that second: waits one window first, so that the phase's last one is in.
 */
async function longestStallSince(since: number): Promise<number> {
  await sleep(STALL_WINDOW_MS + 100);
  return Math.max(Number(LONG_TASK_MS), ...stalls.filter((s) => s.at >= since).map((s) => s.ms));
}
const stallRow = (ms: number) => row('longest event-loop stall of the server (ms)', ms > Number(LONG_TASK_MS) ? fmt(ms) : `< ${LONG_TASK_MS}`, 'its own log (PARCOURS_LONG_TASK_MS)');
const count = (sql: string, ...args: unknown[]) => reader.prepare(sql).pluck().get(...args) as number;

async function main() {
  console.log(`Parcours load benchmark — ${fmt(CONTACTS)} contacts, node ${process.version}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString()}`);
  await populate(file, KEY, { contacts: CONTACTS, datesToday: Math.round(CONTACTS * 0.0357), waiting: CONTACTS }, (line) => console.log(`  setup: ${line}`));
  reader = new Database(file, { readonly: true });

  let t = performance.now();
  const profiler = CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [];
  const server = await startListening(['server/src/main.ts'], { PARCOURS_DB: file, PARCOURS_ADMIN_KEY: KEY, PARCOURS_LONG_TASK_MS: LONG_TASK_MS }, 300_000, profiler);
  createInterface({ input: server.child.stderr! }).on('line', (line) => {
    process.stderr.write(`[server] ${line}\n`);
    const stall = line.match(/the event loop was held (\d+) ms/);
    if (stall) stalls.push({ at: performance.now(), ms: Number(stall[1]) });
  });
  createInterface({ input: server.child.stdout! }).on('line', (line) => process.stdout.write(`[server] ${line}\n`));
  console.log(`  setup: server started in ${((performance.now() - t) / 1000).toFixed(1)} s with ${fmt(count("select count(*) from enrolments where status = 'active'"))} contacts waiting`);
  const bare = await startListening(['test/bench/load/bare-server.ts', join(dir, 'bare.sqlite')]);
  try {
    // The examples went live over the whole base at the first start: their entry backfills run first.
    t = performance.now();
    while (count('select count(*) from entry_backfills') > 0) await sleep(500);
    result.backfill_examples_s = round((performance.now() - t) / 1000);
    console.log(`  setup: the examples' entry backfills (date and segment re-checks) over every contact took ${result.backfill_examples_s} s more`);
    await sleep(2000);
    result.rss_mib_start = rssMib(server);
    if (PHASES.has('http')) await httpPhase(server.base, bare.base);
    if (PHASES.has('burst')) await burstPhase(server.base);
    if (PHASES.has('steady')) await steadyPhase(server.base);
    if (PHASES.has('date')) await datePhase(server.base);
    if (PHASES.has('stats')) await statsPhase(server.base);
    result.rss_mib_end = rssMib(server);
    console.log('\nMemory');
    row(`RSS after start, ${fmt(CONTACTS)} contacts waiting`, `${result.rss_mib_start} MiB`);
    row('RSS after the load', `${result.rss_mib_end} MiB`);
  } finally {
    await stopServer(bare.child);
    await stopServer(server.child);
    reader.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/**
 * One POST on a connection of its own. The bench blocks its own thread for seconds (the raw floor's replay), during
 * which the server closes idle keep-alive connections: fetch's pool, whose timers had not run, sent the next request
 * on a closed one ("other side closed").
 */
function post(base: string, path: string, body: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const req = request(`${base}/api${path}`, { method: 'POST', agent: false, headers }, async (res) => {
      const text = Buffer.concat(await res.toArray()).toString('utf8');
      if (res.statusCode! >= 300) reject(new Error(`${path}: ${res.statusCode} ${text}`));
      else resolve(JSON.parse(text));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function publish(base: string, scenario: { id: string }) {
  await post(base, '/scenarios', scenario);
  await post(base, `/scenarios/${scenario.id}/publish`, {});
}

/** Sends `total` events through /api/batch, `perRequest` at a time, `parallel` requests at once. */
async function sendBatches(base: string, total: number, item: (i: number) => object, perRequest = 1000, parallel = 4) {
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next += perRequest;
      const batch = Array.from({ length: Math.min(perRequest, total - from) }, (_, i) => ({ type: 'track', properties: {}, ...item(from + i) }));
      await post(base, '/batch', { batch });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

const noise = () => ({ userId: randomContact(), event: 'bench_noise', properties: { path: '/products/42' } });

async function httpPhase(base: string, bareBase: string) {
  console.log(`\n1. HTTP (autocannon, ${SECONDS} s per line; baseline: bare Hono + better-sqlite3, one insert per request)`);
  const track = (url: string, connections: number) => load({ url: `${url}/api/track`, method: 'POST', key: KEY, connections, duration: SECONDS, body: noise });
  const health = (url: string) => load({ url: `${url}/api/health`, connections: 8, duration: SECONDS });
  const line = (name: string, ours: LoadFigures, theirs: LoadFigures) => {
    result[`${name}_per_s`] = ours.perSecond;
    result[`${name}_p50_ms`] = ours.p50;
    result[`${name}_p99_ms`] = ours.p99;
    result[`bare_${name}_per_s`] = theirs.perSecond;
    result[`${name}_ratio`] = round(ours.perSecond / theirs.perSecond);
    row(`${name}: /s, p50/p99 ms`, `${fmt(ours.perSecond)}`, `p50 ${ours.p50} p99 ${ours.p99}${ours.failures ? ` (${ours.failures} failed)` : ''} | bare ${fmt(theirs.perSecond)}/s p99 ${theirs.p99} | ratio ${result[`${name}_ratio`]}`);
  };
  line('health_c8', await health(base), await health(bareBase));
  line('track_c8', await track(base, 8), await track(bareBase, 8));
  line('track_c64', await track(base, 64), await track(bareBase, 64));
  const batch = await load({
    url: `${base}/api/batch`,
    method: 'POST',
    key: KEY,
    connections: 8,
    duration: SECONDS,
    body: () => ({ batch: Array.from({ length: 100 }, () => ({ type: 'track', ...noise() })) }),
  });
  result.batch100_events_per_s = batch.perSecond * 100;
  result.batch100_p99_ms = batch.p99;
  const floor = await batchFloor(file, join(dir, 'batch-floor.sqlite'), BURST, randomContact);
  result.batch100_floor_events_per_s = Math.round(floor.events / (floor.ms / 1000));
  result.batch100_floor_ratio = round(result.batch100_events_per_s / result.batch100_floor_events_per_s);
  row('batch of 100: events/s', fmt(result.batch100_events_per_s), `p99 ${batch.p99} ms per request${batch.failures ? ` (${batch.failures} failed)` : ''}`);
  row('', '', `floor ${fmt(result.batch100_floor_events_per_s)}/s (plain inserts, 100 per transaction, checkpoints off-thread, into a copy of the base's contacts and events) | ratio ${result.batch100_floor_ratio}`);
}

async function burstPhase(base: string) {
  // Every enrolment waits until the same minute, far enough ahead for the enrolments to be made.
  // Without the HTTP phase, about the batch rate of earlier runs (14-15k events/s at 1M) with room to spare.
  const ingestS = BURST / Math.max(1000, result.batch100_events_per_s ?? 5000);
  const due = new Date(Math.ceil((Date.now() + (ingestS * 2 + 20) * 1000) / 60_000) * 60_000);
  console.log(`\n2. ${fmt(BURST)} timers due at the same instant (${due.toISOString()})`);
  await publish(base, burst(due));
  await sendBatches(base, BURST, (i) => ({ userId: contactId(i), event: 'bench_burst' }));
  const waiting = count("select count(*) from enrolments where scenario_id = 'bench-burst' and status = 'active'");
  const before = snapshotRows(file, 'bench-burst');
  if (Date.now() > due.getTime()) console.log('  (the enrolments took longer than planned: some timers fired before all were made)');
  while (Date.now() < due.getTime()) await sleep(200);
  const deadline = Date.now() + 10 * 60_000;
  while (count("select count(*) from enrolments where scenario_id = 'bench-burst' and status = 'active'") > 0 && Date.now() < deadline) await sleep(200);
  const lags = (reader.prepare("select exited_at - ? lag from enrolments where scenario_id = 'bench-burst' and exited_at is not null order by lag").pluck().all(due.getTime()) as number[]);
  const last = lags.at(-1) ?? NaN;
  result.burst_timers = lags.length;
  result.burst_timers_per_s = Math.round(lags.length / (last / 1000));
  result.burst_lag_p50_ms = percentile(lags, 50);
  result.burst_lag_p99_ms = percentile(lags, 99);
  const after = snapshotRows(file, 'bench-burst');
  const floor = rawFloor(before, after, join(dir, 'floor.sqlite'));
  result.burst_floor_timers_per_s = Math.round(floor.enrolments / (floor.ms / 1000));
  result.burst_floor_ratio = round(result.burst_timers_per_s / result.burst_floor_timers_per_s);
  const full = rawFloor(before, after, join(dir, 'floor-full.sqlite'), { file, scenarioId: 'bench-burst' });
  result.burst_floor_full_timers_per_s = Math.round(full.enrolments / (full.ms / 1000));
  result.burst_floor_full_ratio = round(result.burst_timers_per_s / result.burst_floor_full_timers_per_s);
  row('timers fired (waiting before the instant)', `${fmt(lags.length)}`, `of ${fmt(waiting)}`);
  row('timers/s', fmt(result.burst_timers_per_s), `raw floor ${fmt(result.burst_floor_timers_per_s)}/s (${fmt(floor.rows)} row writes, plain statements, 500 per transaction) | ratio ${result.burst_floor_ratio}`);
  row('', '', `the same among every enrolment of the base: ${fmt(result.burst_floor_full_timers_per_s)}/s | ratio ${result.burst_floor_full_ratio}`);
  row('lag p50 / p99 (ms after the instant)', `${fmt(result.burst_lag_p50_ms)} / ${fmt(result.burst_lag_p99_ms)}`);
}

async function steadyPhase(base: string) {
  const rate = STEADY_CONTACTS / STEADY_PERIOD_S;
  const measureS = 30;
  console.log(`\n3. Steady state: ${fmt(rate)} timers/s (${fmt(STEADY_CONTACTS)} contacts looping every ${STEADY_PERIOD_S} s, one task each time) while 2,000 events/s are tracked`);
  await publish(base, steady(`${STEADY_PERIOD_S}s`));
  const first = CONTACTS - STEADY_CONTACTS;
  const started = Date.now();
  // 64 connections: each waits for its answer before the next request, so at 16 answers slower than 8 ms capped the rate.
  const ingest = load({ url: `${base}/api/track`, method: 'POST', key: KEY, connections: 64, overallRate: 2000, duration: STEADY_PERIOD_S + measureS + 5, body: noise });
  // Enrolments spread evenly over one period, so timers fall due at an even rate.
  await load({ url: `${base}/api/track`, method: 'POST', key: KEY, connections: 16, overallRate: rate, amount: STEADY_CONTACTS, body: (i) => ({ userId: contactId(first + i), event: 'bench_steady', properties: {} }) });
  const enrolled = Date.now();
  const tracked = await ingest;
  // Over the 30 s after the last enrolment, each looping contact's timer falls due once a period: 3 times. (Counting
  // from 5 s after the enrolments began, as this did before, counted half of the contacts twice only: 1,250/s at most.)
  const from = Math.max(enrolled, started + STEADY_PERIOD_S * 1000);
  const to = from + measureS * 1000;
  while (Date.now() < to + 1000) await sleep(200);
  // A contact's message n+1 is due one period after its message n, its first one a period after it entered: the lag
  // is the gap's excess.
  const entered = new Map(reader.prepare("select contact_id, entered_at from enrolments where scenario_id = 'bench-steady'").raw().all() as Array<[string, number]>);
  const rows = reader
    .prepare("select contact_id c, created_at t from messages where scenario_id = 'bench-steady' and created_at <= ? order by contact_id, created_at")
    .raw()
    .all(to) as Array<[string, number]>;
  const lags: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const [contact, at] = rows[i];
    if (at < from) continue;
    const previous = i > 0 && rows[i - 1][0] === contact ? rows[i - 1][1] : entered.get(contact)!;
    lags.push(at - previous - STEADY_PERIOD_S * 1000);
  }
  lags.sort((a, b) => a - b);
  result.steady_timers_per_s = Math.round(lags.length / measureS);
  result.steady_enrolment_s = round((enrolled - started) / 1000);
  result.steady_lag_p50_ms = percentile(lags, 50);
  result.steady_lag_p99_ms = percentile(lags, 99);
  result.steady_ingest_per_s = tracked.perSecond;
  result.steady_ingest_p99_ms = tracked.p99;
  row('timers fired/s (each sending a task)', fmt(result.steady_timers_per_s), `target ${fmt(rate)}; the ${fmt(STEADY_CONTACTS)} enrolments took ${result.steady_enrolment_s} s`);
  row('timer lag p50 / p99 (ms)', `${fmt(result.steady_lag_p50_ms)} / ${fmt(result.steady_lag_p99_ms)}`);
  row('events tracked/s meanwhile, p99 ms', fmt(tracked.perSecond), `p99 ${tracked.p99}${tracked.failures ? ` (${tracked.failures} failed)` : ''}`);
  row('tasks still pending in the outbox', fmt(count("select count(*) from messages where scenario_id = 'bench-steady' and status = 'pending'")));
  result.steady_contacts_looping = count("select count(*) from enrolments where scenario_id = 'bench-steady' and status = 'active'");
  row('contacts looping', fmt(result.steady_contacts_looping), `of ${fmt(STEADY_CONTACTS)} sent bench_steady`);
  await sendBatches(base, STEADY_CONTACTS, (i) => ({ userId: contactId(first + i), event: 'bench_stop' }));
}

async function datePhase(base: string) {
  const due = new Date(Math.ceil((Date.now() + 90_000) / 60_000) * 60_000);
  const expected = count("select count(*) from contacts where json_extract(attributes, '$.bench_day') like ?", `%-${due.toISOString().slice(5, 10)}`);
  console.log(`\n4. Date entries: ${fmt(expected)} contacts' bench_day falls at ${due.toISOString()}; published now, then API load at 500 events/s`);
  const started = performance.now();
  const probe = healthProbe(base);
  const api = load({ url: `${base}/api/track`, method: 'POST', key: KEY, connections: 4, overallRate: 500, duration: (due.getTime() - Date.now()) / 1000 + 60, body: noise });
  await publish(base, dated(due.toISOString().slice(11, 16)));
  const entered = () => count("select count(*) from enrolments where scenario_id = 'bench-date'");
  // When the last due contact entered (at most 6 minutes after the minute).
  for (const deadline = due.getTime() + 6 * 60_000; entered() < expected && Date.now() < deadline; ) await sleep(200);
  result.date_entries_done_s = round((Date.now() - due.getTime()) / 1000);
  const tracked = await api;
  const stall = await probe.stop();
  result.date_entries = entered();
  result.date_longest_health_ms = round(stall.max);
  result.date_longest_stall_ms = await longestStallSince(started);
  result.date_api_p99_ms = tracked.p99;
  row('contacts entered', fmt(result.date_entries), `of ${fmt(expected)} due; ${result.date_entries === expected ? 'all in' : 'stopped waiting'} ${result.date_entries_done_s} s after the minute`);
  row('longest health answer meanwhile (ms)', fmt(stall.max), `${fmt(stall.count)} probes, p99 ${round(stall.p99)}`);
  stallRow(result.date_longest_stall_ms);
  row('/api/track p99 meanwhile (ms)', fmt(tracked.p99), tracked.failures ? `${tracked.failures} failed` : '');
}

async function statsPhase(base: string) {
  const steps = count("select count(*) from steps where scenario_id = 'bench-waiting'");
  console.log(`\n5. Editor stats of a version with ${fmt(steps)} trace steps, polled by 8 tabs at once`);
  const started = performance.now();
  const probe = healthProbe(base);
  const stats = await load({ url: `${base}/api/scenarios/bench-waiting/versions/1/stats`, key: KEY, connections: 8, amount: 200 });
  const stall = await probe.stop();
  result.stats_steps = steps;
  result.stats_p50_ms = stats.p50;
  result.stats_p99_ms = stats.p99;
  result.stats_longest_health_ms = round(stall.max);
  result.stats_longest_stall_ms = await longestStallSince(started);
  row('stats request p50 / p99 (ms)', `${stats.p50} / ${stats.p99}`, stats.failures ? `${stats.failures} failed` : '');
  row('longest health answer meanwhile (ms)', fmt(stall.max));
  stallRow(result.stats_longest_stall_ms);
}

function rssMib(server: ServerProcess): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Math.round(Number(status.match(/VmRSS:\s+(\d+)/)![1]) / 1024);
}

const round = (n: number) => Math.round(n * 100) / 100;

await main();
