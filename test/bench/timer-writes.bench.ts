/**
 * Timer write-path benchmark (`pnpm bench:timers`; not a test). N timers (BENCH_TIMERS, default
 * 100k) fall due at the same instant on a real database file; prints, from the same run:
 *  1. the runtime end to end: runDue in batches of 1,000 (claim, engine step, every write, commit);
 *  2. raw floors, no engine, into copies of the database taken just before: the writes one timer
 *     step makes (claim the due row, three trace rows, the outbox row, the enrolment's new state)
 *     with reused prepared statements, one per row — with the due time in a timers table (delete the
 *     timer row) and with it kept on the enrolment row (a partial index; the enrolment update clears
 *     it) — and the latter again with one multi-row INSERT per table per batch.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Runtime, createApiKey, createApp, openDatabase, type Db } from '@parcours/server';
import { benchScenario as scenario } from './bench-scenarios.ts';

type Sqlite = Db['$client'];
type Statement = ReturnType<Sqlite['prepare']>;

const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const BATCH = 1000;
const KEY = 'pk_bench_admin_key_000000';
const HOUR = 3_600_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const perSecond = (n: number, ms: number) => fmt((n / ms) * 1000);


const dir = mkdtempSync(join(tmpdir(), 'parcours-timers-'));
const file = join(dir, 'bench.sqlite');
const db = openDatabase(file);
const start = Date.parse('2026-01-05T10:00:00Z');
const clock = new ManualClock(start);
createApiKey(db, 'bench', 'admin', start, KEY);
const runtime = new Runtime(db, clock);
const app = createApp({ db, clock, runtime });
const post = async (path: string, body: unknown) => {
  const res = await app.request(`/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
};
await post('/scenarios', scenario);
await post(`/scenarios/${scenario.id}/publish`, {});
for (let b = 0; b < TIMERS; b += BATCH) {
  runtime.track(Array.from({ length: Math.min(BATCH, TIMERS - b) }, (_, i) => ({ userId: `t${b + i}`, event: 'bench_wait', properties: {} })));
}
const due = start + HOUR;
clock.set(due);

db.$client.pragma('wal_checkpoint(TRUNCATE)');
const copies = ['rows', 'lean', 'multi'].map((name) => {
  const copy = join(dir, `${name}.sqlite`);
  copyFileSync(file, copy);
  return copy;
});

console.log(`Timer writes — ${fmt(TIMERS)} timers due at once, batches of ${BATCH}, node ${process.version}`);
let t = performance.now();
let fired = 0;
for (let n; (n = runtime.runDue(BATCH)) > 0; ) fired += n;
const serverMs = performance.now() - t;
const stepRows = (db.$client.prepare("SELECT count(*) AS n FROM steps WHERE outcome != 'entered' AND outcome != 'waiting'").get() as { n: number }).n;
db.$client.close();

/** Opens a copy for raw writes: the schema as migrated, no foreign key checks (the runtime's rows are known good). */
function openCopy(copy: string): Sqlite {
  const raw = openDatabase(copy).$client;
  raw.pragma('foreign_keys = OFF');
  return raw;
}

const STEP_COLUMNS = 'enrolment_id, contact_id, scenario_id, version, at, node, type, outcome, output, reason, rule, until';
const MESSAGE_COLUMNS = 'idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, template, status, created_at';
type Due = { id: number; enrolment: number; contact: string };
const traceOf = (d: Due) => [
  [d.enrolment, d.contact, scenario.id, 1, due, 'wait', 'wait.delay', 'resumed', null, null, null, null],
  [d.enrolment, d.contact, scenario.id, 1, due, 'send', 'action.email', 'sent', null, null, null, null],
  [d.enrolment, d.contact, scenario.id, 1, due, 'done', 'flow.exit', 'exited', null, null, null, null],
];
const messageOf = (d: Due) => [`e${d.enrolment}:send:2`, d.contact, d.enrolment, scenario.id, 1, 'send', 'email', 'hello', 'pending', due];
const placeholders = (columns: number, rows: number) => Array.from({ length: rows }, () => `(${Array(columns).fill('?').join(',')})`).join(',');

/** Claims and writes batch after batch, one transaction each, until nothing is due: the time it took. */
function drain(raw: Sqlite, claim: { all(...params: unknown[]): unknown[] }, write: (rows: Due[]) => void): number {
  const time = performance.now();
  const batch = raw.transaction(() => {
    const rows = claim.all(due, BATCH) as Due[];
    write(rows);
    return rows.length;
  });
  while (batch.immediate() > 0);
  const ms = performance.now() - time;
  raw.close();
  return ms;
}

/** One INSERT per row, prepared once. */
function rowInserts(raw: Sqlite) {
  const step = raw.prepare(`INSERT INTO steps (${STEP_COLUMNS}) VALUES ${placeholders(12, 1)}`);
  const message = raw.prepare(`INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES ${placeholders(10, 1)} ON CONFLICT (idempotency_key) DO NOTHING`);
  return (d: Due) => {
    for (const s of traceOf(d)) step.run(s);
    message.run(messageOf(d));
  };
}

/** Today's layout: claim from the timers table, delete each timer, one statement per row. */
function timersTable(copy: string): number {
  const raw = openCopy(copy);
  const claim = raw.prepare('SELECT t.id AS id, e.id AS enrolment, e.contact_id AS contact FROM timers t JOIN enrolments e ON e.id = t.enrolment_id WHERE t.due_at <= ? ORDER BY t.due_at, t.id LIMIT ?');
  const deleteTimer = raw.prepare('DELETE FROM timers WHERE id = ?');
  const insert = rowInserts(raw);
  const update = raw.prepare("UPDATE enrolments SET status = 'exited', node = 'done', snapshot = NULL, exited_at = ?, updated_at = ? WHERE id = ?");
  return drain(raw, claim, (rows) => {
    for (const d of rows) {
      deleteTimer.run(d.id);
      insert(d);
      update.run(due, due, d.enrolment);
    }
  });
}

/** The due time kept on the enrolment row (partial index), cleared by the enrolment's own update. */
function onEnrolment(copy: string, multiRow: boolean): number {
  const raw = openCopy(copy);
  raw.exec(`ALTER TABLE enrolments ADD due_at integer;
    UPDATE enrolments SET due_at = (SELECT min(due_at) FROM timers WHERE enrolment_id = enrolments.id);
    DELETE FROM timers;
    CREATE INDEX enrolments_due ON enrolments (due_at) WHERE due_at IS NOT NULL;`);
  raw.pragma('wal_checkpoint(TRUNCATE)');
  const claim = raw.prepare('SELECT id, id AS enrolment, contact_id AS contact FROM enrolments WHERE due_at <= ? AND due_at IS NOT NULL ORDER BY due_at, id LIMIT ?');
  const update = raw.prepare("UPDATE enrolments SET status = 'exited', node = 'done', snapshot = NULL, due_at = NULL, exited_at = ?, updated_at = ? WHERE id = ?");
  const insert = rowInserts(raw);
  const many = new Map<string, Statement>();
  const insertMany = (table: string, columns: string, width: number, rows: unknown[][]) => {
    const key = `${table}:${rows.length}`;
    let statement = many.get(key);
    if (!statement) many.set(key, (statement = raw.prepare(`INSERT INTO ${table} (${columns}) VALUES ${placeholders(width, rows.length)}`)));
    statement.run(rows.flat());
  };
  // SQLite binds at most 32,766 values: 2,000 rows of 12 columns fit.
  const chunked = (table: string, columns: string, width: number, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += 2000) insertMany(table, columns, width, rows.slice(i, i + 2000));
  };
  return drain(raw, claim, (rows) => {
    if (multiRow) {
      chunked('steps', STEP_COLUMNS, 12, rows.flatMap(traceOf));
      chunked('messages', MESSAGE_COLUMNS, 10, rows.map(messageOf));
    } else {
      rows.forEach(insert);
    }
    for (const d of rows) update.run(due, due, d.enrolment);
  });
}

const rowsMs = timersTable(copies[0]);
const leanMs = onEnrolment(copies[1], false);
const multiMs = onEnrolment(copies[2], true);
const rows: Array<[string, number]> = [
  ['runtime.runDue end to end', serverMs],
  ['raw: timers table, a statement per row', rowsMs],
  ['raw: due on the enrolment, a statement per row', leanMs],
  ['raw: due on the enrolment, multi-row INSERTs', multiMs],
];
const floor = Math.min(rowsMs, leanMs, multiMs);
console.log(`  ${fmt(fired)} fired, ${(stepRows / fired).toFixed(2)} trace rows per timer step`);
for (const [label, ms] of rows) console.log(`  ${label.padEnd(50)} ${fmt(ms).padStart(7)} ms  ${perSecond(TIMERS, ms).padStart(8)} timers/s  ${((floor / ms) * 100).toFixed(0).padStart(4)} % of the lean floor`);
rmSync(dir, { recursive: true, force: true });
