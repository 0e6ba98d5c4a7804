/**
 * Analytics benchmark (`pnpm bench:analytics`; not part of the tests). Fills the counters of 5M steps (BENCH_STEPS)
 * through the very code the runtime counts with (CounterDeltas: node_counters and daily_counters, flushed in
 * transactions), spread over BENCH_SCENARIOS scenarios of the same shape, 3 versions each and two years of days,
 * then times over HTTP, in the same run: GET /api/health (the baseline: a trivial route), the analytics page's
 * routes (a year per day, two years per week, the funnel) and the scenario list's activity with its sparklines.
 * Target: the analytics route answers in under 200 ms at 5M steps. Prints p50, p95 and max of sequential
 * requests, and p50 over the baseline's p50.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, type StepResult, type TraceStep } from '@parcours/shared';
import { ManualClock, Runtime, createApiKey, createApp, inTransaction, listen, openDatabase } from '@parcours/server';
import { CounterDeltas } from '../../server/src/store/counters.ts';
import { splitJourney } from '../../server/test/fixtures/split-journey.ts';

const STEPS = Number(process.env.BENCH_STEPS ?? 5_000_000);
const SCENARIOS = Number(process.env.BENCH_SCENARIOS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const VERSIONS = 3;
const DAYS = 730;
const KEY = 'pk_bench_admin_key_000000';

const end = Date.parse('2026-12-31T12:00:00Z');
const first = end - (DAYS - 1) * DAY_MS;
const dir = mkdtempSync(join(tmpdir(), 'parcours-bench-analytics-'));
const db = openDatabase(join(dir, 'bench.sqlite'));
const clock = new ManualClock(end);
createApiKey(db, 'bench', 'admin', end, KEY);
const app = createApp({ db, clock, runtime: new Runtime(db, clock) });
const fmt = (n: number) => n.toLocaleString('en-US');

const step = (at: number, node: string, type: TraceStep['type'], outcome: TraceStep['outcome'], output?: string): TraceStep => ({
  at,
  node,
  type,
  outcome,
  ...(output !== undefined ? { output } : {}),
});

/**
 * One enrolment's two units of work, as the runtime counts them: entry, split, email (offer arm), then the
 * wait; later the purchase (a conversion with revenue) or the timeout. 5 or 6 trace steps each.
 */
function enrol(counters: CounterDeltas, scenarioId: string, version: number, at: number, i: number): number {
  const offer = i % 2 === 0;
  const arm = offer ? 'offer' : 'holdout';
  const before = { scenarioId, version, status: 'active' as const, node: null, visited: null };
  const entry: TraceStep[] = [step(at, 'start', 'entry.event', 'entered', 'next'), step(at, 'split', 'branch.split', 'branched', arm)];
  if (offer) entry.push(step(at, 'mail', 'action.email', i % 10 === 0 ? 'skipped' : 'sent', 'next'));
  entry.push(step(at, 'wait', 'wait.event', 'waiting'));
  const waiting: Pick<StepResult, 'status' | 'node' | 'steps'> = { status: 'active', node: 'wait', steps: entry };
  const visited = counters.step(before, waiting, at);
  const later = at + (i % 3) * DAY_MS;
  const converts = i % (offer ? 4 : 7) === 0;
  const ending: Pick<StepResult, 'status' | 'node' | 'steps'> = converts
    ? { status: 'converted', node: 'goal', steps: [step(later, 'wait', 'wait.event', 'resumed', 'happened'), step(later, 'goal', 'flow.goal', 'converted')] }
    : { status: 'exited', node: 'gave_up', steps: [step(later, 'wait', 'wait.event', 'timed_out', 'timedOut'), step(later, 'gave_up', 'flow.exit', 'exited')] };
  counters.step({ ...before, node: 'wait', visited }, ending, later, converts ? 4_990 : 0);
  return entry.length + ending.steps.length;
}

async function main() {
  // Set up in process; the server listens once the counters are filled (an idle keep-alive socket would not last the fill).
  const setup = async (path: string, body: unknown) => {
    const res = await app.request(`/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  console.log(`Parcours analytics benchmark — ${fmt(STEPS)} steps' worth of counters, ${SCENARIOS} scenarios × ${VERSIONS} versions × ${DAYS} days, node ${process.version}`);
  for (let s = 0; s < SCENARIOS; s++) {
    await setup('/scenarios', splitJourney(`s${s}`));
    for (let v = 0; v < VERSIONS; v++) await setup(`/scenarios/s${s}/publish`, { override: true, note: `v${v + 1}` });
  }

  // Counters -------------------------------------------------------------------------------------
  let t = performance.now();
  let steps = 0;
  let i = 0;
  while (steps < STEPS) {
    const counters = new CounterDeltas();
    // A unit of work of 1,000 enrolments, as a busy runtime would commit them.
    for (let n = 0; n < 1000 && steps < STEPS; n++, i++) {
      const scenarioId = `s${i % SCENARIOS}`;
      const day = Math.floor(i / SCENARIOS) % DAYS;
      const version = 1 + Math.min(VERSIONS - 1, Math.floor((day * VERSIONS) / DAYS));
      steps += enrol(counters, scenarioId, version, first + day * DAY_MS + (i % 1000) * 1000, i);
    }
    inTransaction(db, () => counters.flush(db));
  }
  const fillMs = performance.now() - t;
  const rows = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(`\n  filled in ${(fillMs / 1000).toFixed(1)} s: ${fmt(i)} enrolments, ${fmt(steps)} steps; node_counters ${fmt(rows('node_counters'))} rows, daily_counters ${fmt(rows('daily_counters'))} rows`);

  // Timings --------------------------------------------------------------------------------------
  const { server, port } = await listen(app.fetch, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}/api`;
  const call = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } });
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const time = async (label: string, path: string) => {
    await call(path); // warm: statements prepared, pages cached
    const ms: number[] = [];
    for (let r = 0; r < REQUESTS; r++) {
      t = performance.now();
      await call(path);
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    return { label, p50: ms[Math.floor(ms.length * 0.5)], p95: ms[Math.floor(ms.length * 0.95)], max: ms[ms.length - 1] };
  };
  const results = [
    await time('GET /health (baseline)', '/health'),
    await time('analytics, 365 days per day', '/scenarios/s0/analytics?from=2026-01-01&to=2026-12-31'),
    await time('analytics, 730 days per week', '/scenarios/s0/analytics?from=2025-01-02&to=2026-12-31&by=week'),
    await time('analytics, default 30 days', '/scenarios/s0/analytics'),
    await time('funnel start,split,mail,wait,goal', '/scenarios/s0/funnel?nodes=start,split,mail,wait,goal'),
    await time(`scenario list activity (${SCENARIOS} sparklines)`, '/scenario-activity?days=7'),
  ];
  const baseline = results[0].p50;
  console.log(`\n  ${'route'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'p50 / baseline'.padStart(15)}`);
  for (const r of results) {
    console.log(`  ${r.label.padEnd(42)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)} ${(r.p50 / baseline).toFixed(1).padStart(14)}×`);
  }
  const worst = Math.max(...results.slice(1, 4).map((r) => r.p95));
  console.log(`\n  target: the analytics route under 200 ms at ${fmt(STEPS)} steps — worst p95 ${worst.toFixed(1)} ms: ${worst < 200 ? 'met' : 'NOT met'}`);
  server.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
