/**
 * Server benchmark (`pnpm bench:server`; not part of the tests). Prints:
 *  1. events/s ingested end to end (HTTP POST /batch → stored, matched, stepped, committed) with
 *     100k contacts and the example scenarios live, for plain events and for events that enrol;
 *     beside each, the rate of a raw better-sqlite3 loop writing the very same rows into a copy of
 *     the database taken just before the phase (same tables, same indexes), and the ratio;
 *  2. timer lag p50/p99 when 100k timers fall due at the same instant, and the raw floor: the same
 *     deletes, inserts and updates replayed with plain statements and no engine into a copy;
 *  3. RSS with 1M contacts waiting (BENCH_WAITING to scale down), after a full garbage collection
 *     (the script runs with --expose-gc).
 * Targets: ≥ 20,000 events/s, ≥ 30 % of raw, p99 lag < 1 s.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ManualClock, Runtime, createApiKey, createApp, listen, loadExamplesOnce, openDatabase, sqliteOf, type Db } from '@parcours/server';
import { benchScenario } from './bench-scenarios.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const WAITING = Number(process.env.BENCH_WAITING ?? 1_000_000);
const BATCH = 1000;
const KEY = 'pk_bench_admin_key_000000';
const REPO = resolve(import.meta.dirname, '../..');

const dir = mkdtempSync(join(tmpdir(), 'parcours-bench-'));
const db = openDatabase(join(dir, 'bench.sqlite'));
const start = Date.parse('2026-01-05T10:00:00Z');
const clock = new ManualClock(start);
createApiKey(db, 'bench', 'admin', start, KEY);
loadExamplesOnce(db, join(REPO, 'scenarios'), start);
const runtime = new Runtime(db, clock);
const app = createApp({ db, clock, runtime });

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const table = (rows: Array<[string, string]>) => rows.forEach(([k, v]) => console.log(`  ${k.padEnd(46)} ${v}`));

async function main() {
  const { server, port } = await listen(app.fetch, 0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}/api`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200 && res.status !== 201) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  console.log(`Parcours server benchmark — ${fmt(CONTACTS)} contacts, example scenarios live, batches of ${BATCH}, node ${process.version}`);

  // Contacts -------------------------------------------------------------------------------------
  let t = performance.now();
  await client(base, 'contacts', CONTACTS);
  const contactMs = performance.now() - t;
  console.log('\n1. Ingestion over HTTP (POST /contacts/batch, POST /batch)');
  table([['contacts upserted/s', fmt(rate(CONTACTS, contactMs))]]);

  // Events ---------------------------------------------------------------------------------------
  const phase = async (label: string, kind: 'plain' | 'enrolling') => {
    const before = maxIds();
    const copy = copyDatabase(kind);
    const time = performance.now();
    await client(base, kind, EVENTS);
    const ms = performance.now() - time;
    const raw = rawRewrite(copy, before);
    table([
      [`${label}: events/s end to end`, fmt(rate(EVENTS, ms))],
      [`${label}: rows written per event`, (raw.rows / EVENTS).toFixed(2)],
      [`${label}: raw better-sqlite3, same rows: events/s`, fmt(rate(EVENTS, raw.ms))],
      [`${label}: server / raw`, `${((raw.ms / ms) * 100).toFixed(1)} %`],
    ]);
  };
  await phase('plain events (no trigger)', 'plain');
  await phase('enrolling events (welcome series)', 'enrolling');

  // Timer lag ------------------------------------------------------------------------------------
  await post('/scenarios', benchScenario);
  await post(`/scenarios/${benchScenario.id}/publish`, {});
  clock.set(start + 3_600_000);
  for (let b = 0; b < TIMERS; b += BATCH) {
    runtime.track(Array.from({ length: Math.min(BATCH, TIMERS - b) }, (_, i) => ({ userId: `t${b + i}`, event: 'bench_wait', properties: {} })));
  }
  const due = start + 2 * 3_600_000;
  clock.set(due);
  const timersBefore = maxIds();
  const timersCopy = copyDatabase('timers');
  const dueTimers = db.$client.prepare('select id from enrolments where due_at <= ? order by due_at, id').pluck().all(due) as number[];
  // The scheduler loop's way: claim batches back to back while they come back full.
  const lags: number[] = [];
  t = performance.now();
  for (;;) {
    const fired = runtime.runDue(500);
    const lag = performance.now() - t;
    for (let i = 0; i < fired; i++) lags.push(lag);
    if (fired < 500) break;
  }
  lags.sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))];
  console.log(`\n2. Timer lag: ${fmt(lags.length)} timers due at the same instant, batches of 500`);
  table([
    ['lag p50', `${pct(50).toFixed(0)} ms`],
    ['lag p99', `${pct(99).toFixed(0)} ms`],
    ['timers fired/s', fmt(rate(lags.length, lags.at(-1) ?? 0))],
  ]);
  const floor = rawTimerRewrite(timersCopy, timersBefore, dueTimers);
  table([
    ['raw better-sqlite3, same writes: all done in', `${floor.toFixed(0)} ms`],
    ['server / raw', `${((floor / (lags.at(-1) ?? 1)) * 100).toFixed(1)} %`],
  ]);

  // Memory with many waiting contacts -----------------------------------------------------------
  clock.set(due + 60_000);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  t = performance.now();
  for (let b = 0; b < WAITING; b += BATCH) {
    runtime.track(Array.from({ length: Math.min(BATCH, WAITING - b) }, (_, i) => ({ userId: `w${b + i}`, event: 'bench_wait', properties: {} })));
  }
  const enrolMs = performance.now() - t;
  global.gc?.();
  const waiting = (db.$client.prepare("select count(*) n from enrolments where status = 'active'").get() as { n: number }).n;
  console.log(`\n3. Memory with ${fmt(waiting)} contacts waiting${WAITING < 1_000_000 ? ` (scaled down by BENCH_WAITING=${WAITING})` : ''}`);
  const after = process.memoryUsage();
  table([
    ['RSS before enrolling them', mib(rssBefore)],
    ['RSS with them waiting', mib(after.rss)],
    ['JS heap used with them waiting', mib(after.heapUsed)],
    ['contacts enrolled/s (runtime, no HTTP)', fmt(rate(WAITING, enrolMs))],
    ['database file', mib(statSync(join(dir, 'bench.sqlite')).size)],
  ]);
  console.log('\nTargets: ≥ 20,000 events/s, ≥ 30 % of raw, timer lag p99 < 1 s.');
  server.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The HTTP client runs in a worker thread, as a real client runs elsewhere: building and sending
 * the requests must not eat the server's CPU. It posts batches one after the other.
 */
const CLIENT = `
const { workerData, parentPort } = require('node:worker_threads');
const { base, key, kind, total, contacts, batch } = workerData;
const item = {
  contacts: (i) => ({ id: 'c' + i, attributes: { first_name: 'Name' + i, city: ['Paris', 'Lyon', 'Nantes'][i % 3], days_since_last_order: i % 60 },
    consents: { email: true, sms: i % 2 === 0 }, timeZone: 'Europe/Paris' }),
  plain: (i) => ({ type: 'track', userId: 'c' + ((i * 7919) % contacts), event: 'product_viewed', properties: { sku: 'sku-' + (i % 500), price: i % 90 } }),
  enrolling: (i) => ({ type: 'track', userId: 'c' + (i % contacts), event: 'signed_up', properties: { source: 'bench' } }),
}[kind];
(async () => {
  for (let b = 0; b < total; b += batch) {
    const items = Array.from({ length: Math.min(batch, total - b) }, (_, i) => item(b + i));
    const [path, body] = kind === 'contacts' ? ['/contacts/batch', { contacts: items }] : ['/batch', { batch: items }];
    const res = await fetch(base + path, { method: 'POST', headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(path + ': ' + res.status + ' ' + (await res.text()));
    await res.arrayBuffer();
  }
  parentPort.postMessage('done');
})();
`;

function client(base: string, kind: 'contacts' | 'plain' | 'enrolling', total: number): Promise<void> {
  return new Promise((done, fail) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { base, key: KEY, kind, total, contacts: CONTACTS, batch: BATCH } });
    worker.once('message', () => worker.terminate().then(() => done()));
    worker.once('error', fail);
  });
}

/** Last row id of every table the runtime writes, to find the rows a phase wrote. */
function maxIds(): Record<string, number> {
  return Object.fromEntries(
    WRITTEN.map((t) => [t, (db.$client.prepare(`select coalesce(max(rowid), 0) m from ${t}`).get() as { m: number }).m]),
  );
}
const WRITTEN = ['events', 'enrolments', 'steps', 'messages'];

/**
 * A copy of the database as it stands before a phase (checkpointed, so the file holds every page):
 * the raw baseline writes into the same tables and indexes the server wrote into, not into empty ones.
 */
function copyDatabase(name: string): string {
  sqliteOf(db).pragma('wal_checkpoint(TRUNCATE)');
  const file = join(dir, `raw-${name}.sqlite`);
  copyFileSync(join(dir, 'bench.sqlite'), file);
  return file;
}

/**
 * The raw baseline: the rows a phase wrote, read back, then written again into the copy of the
 * database taken before the phase, with plain better-sqlite3 prepared INSERTs, one transaction per
 * batch of events (as the server commits one per request). Returns the rows and the time to write them.
 */
function rawRewrite(copy: string, after: Record<string, number>): { rows: number; ms: number } {
  const target: Db = openDatabase(copy);
  const raw = sqliteOf(target);
  raw.pragma('foreign_keys = OFF');
  const tables = WRITTEN.map((name) => {
    const rows = db.$client.prepare(`select * from ${name} where rowid > ?`).raw().all(after[name]) as unknown[][];
    const columns = (db.$client.prepare(`select * from ${name} limit 1`).columns() as Array<{ name: string }>).map((c) => c.name);
    const insert = raw.prepare(`insert into ${name} (${columns.join(',')}) values (${columns.map(() => '?').join(',')})`);
    return { rows, insert };
  });
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  const batches = Math.ceil(EVENTS / BATCH);
  const time = performance.now();
  for (let b = 0; b < batches; b++) {
    raw.transaction(() => {
      for (const { rows, insert } of tables) {
        const per = Math.ceil(rows.length / batches);
        for (const row of rows.slice(b * per, (b + 1) * per)) insert.run(row);
      }
    })();
  }
  const ms = performance.now() - time;
  raw.close();
  return { rows: total, ms };
}

/**
 * The raw floor of the timer phase: into the copy taken before it, the same writes with plain
 * better-sqlite3 statements and no engine: per timer, insert the trace rows and outbox rows its step
 * wrote, and set its enrolment to its final state (its timer cleared); 500 timers per transaction.
 */
function rawTimerRewrite(copy: string, after: Record<string, number>, due: number[]): number {
  const byEnrolment = (table: string) => {
    const rows = db.$client.prepare(`select * from ${table} where rowid > ?`).raw().all(after[table]) as unknown[][];
    const columns = (db.$client.prepare(`select * from ${table} limit 1`).columns() as Array<{ name: string }>).map((c) => c.name);
    const at = columns.indexOf('enrolment_id');
    const groups = new Map<number, unknown[][]>();
    for (const row of rows) groups.set(row[at] as number, [...(groups.get(row[at] as number) ?? []), row]);
    return { groups, sql: `insert into ${table} (${columns.join(',')}) values (${columns.map(() => '?').join(',')})` };
  };
  const steps = byEnrolment('steps');
  const messages = byEnrolment('messages');
  const final = db.$client.prepare('select status, node, snapshot, exited_at, updated_at, due_at from enrolments where id = ?').raw();
  const ended = new Map(due.map((enrolment) => [enrolment, final.get(enrolment) as unknown[]]));
  const target: Db = openDatabase(copy);
  const raw = sqliteOf(target);
  raw.pragma('foreign_keys = OFF');
  const insertStep = raw.prepare(steps.sql);
  const insertMessage = raw.prepare(messages.sql);
  const updateEnrolment = raw.prepare('update enrolments set status = ?, node = ?, snapshot = ?, exited_at = ?, updated_at = ?, due_at = ? where id = ?');
  const time = performance.now();
  for (let b = 0; b < due.length; b += 500) {
    raw.transaction(() => {
      for (const enrolment of due.slice(b, b + 500)) {
        for (const row of steps.groups.get(enrolment) ?? []) insertStep.run(row);
        for (const row of messages.groups.get(enrolment) ?? []) insertMessage.run(row);
        updateEnrolment.run(...ended.get(enrolment)!, enrolment);
      }
    })();
  }
  const ms = performance.now() - time;
  raw.close();
  return ms;
}

await main();
