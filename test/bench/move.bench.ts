/**
 * Moving contacts in flight benchmark (`pnpm bench:move`; not part of the tests). Puts BENCH_ENROLMENTS contacts
 * (100k by default) on the delay of version 1 of a journey (one enters through Runtime.track, the others are SQL
 * copies of its rows), then, over the real app in process, measures in the same run:
 * - the preview (`GET /api/scenarios/{id}/in-flight`), median of BENCH_REQUESTS requests;
 * - a publish that keeps the contacts where they are (version 2): the baseline;
 * - a publish that moves them all (version 3, the delay renamed and lengthened: every timer is recomputed), in one
 *   transaction with the publish: how long it held the thread, per 1,000 contacts, over the baseline, and over the
 *   set-up's plain SQL copy of as many contact and enrolment rows (a floor for writing that much);
 * and checks that every contact moved. Prints the figures and a final `RESULT {json}` line.
 */
import { BENCH_KEY as KEY, benchApp, fmt } from '../support/bench-app.ts';

const ENROLMENTS = Number(process.env.BENCH_ENROLMENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5);
const now = Date.parse('2026-06-01T12:00:00Z');

const { db, clock, runtime, app, remove } = benchApp('move', now);
const at = { x: 0, y: 0 };

/** Entry, a delay (its id and duration given), an email, the end. */
const journey = (wait: string, duration: string, name: string) => ({
  schemaVersion: 1,
  id: 'journey',
  name,
  settings: { defaultTimeZone: 'Europe/Paris', consentRequired: { email: false } },
  templates: [{ id: 'hello', channel: 'email', subject: 'Hello', html: '<p>Hello</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: at },
    { id: wait, type: 'wait.delay', config: { duration }, position: at },
    { id: 'mail', type: 'action.email', config: { template: 'hello' }, position: at },
    { id: 'done', type: 'flow.exit', config: {}, position: at },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: wait },
    { id: 'e2', source: wait, sourceHandle: 'next', target: 'mail' },
    { id: 'e3', source: 'mail', sourceHandle: 'next', target: 'done' },
  ],
});

async function call(method: string, path: string, body?: unknown): Promise<{ ms: number; body: any }> {
  const started = performance.now();
  const res = await app.request(`/api${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { ms, body: JSON.parse(text) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  console.log(`Parcours move benchmark — ${fmt(ENROLMENTS)} contacts in flight, node ${process.version}`);
  await call('POST', '/scenarios', journey('wait', '2d', 'v1'));
  await call('POST', '/scenarios/journey/publish');
  // One contact enters through the runtime; the others are copies of its contact and enrolment rows (and counters),
  // written in SQL: the same rows as ENROLMENTS contacts entering, in seconds rather than minutes.
  runtime.track([{ userId: 'c0000000', event: 'signed_up', properties: {} }]);
  let t = performance.now();
  db.$client.transaction(() => {
    const copies = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ENROLMENTS - 1})`;
    db.$client.exec(`${copies} INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at)
      SELECT printf('c%07d', i), anonymous, attributes, consents, time_zone, lists, created_at, updated_at FROM n, contacts WHERE contacts.id = 'c0000000'`);
    db.$client.exec(`${copies} INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, node, snapshot, trigger, trigger_event, correlation, visited,
        entered_at, exited_at, updated_at, due_at, timer_node, timer_seq)
      SELECT printf('c%07d', i), scenario_id, version, pass, status, node, snapshot, trigger, trigger_event, correlation, visited,
        entered_at, exited_at, updated_at, due_at, timer_node, timer_seq FROM n, enrolments WHERE enrolments.contact_id = 'c0000000'`);
    db.$client.exec(`UPDATE node_counters SET n = n * ${ENROLMENTS} WHERE scenario_id = 'journey' AND metric IN ('entered', 'waiting', 'taken')`);
  })();
  const copyMs = performance.now() - t;
  console.log(`  ${fmt(ENROLMENTS)} contacts waiting on version 1 (copies of one that entered, in SQL) in ${fmt(copyMs / 1000)} s`);
  clock.advance(3_600_000);

  await call('PUT', '/scenarios/journey/draft', journey('wait', '2d', 'v2'));
  const preview: number[] = [];
  for (let r = 0; r < REQUESTS; r++) preview.push((await call('GET', '/scenarios/journey/in-flight')).ms);
  const keep = await call('POST', '/scenarios/journey/publish', { inFlight: 'keep' });

  await call('PUT', '/scenarios/journey/draft', journey('pause', '3d', 'v3'));
  const move = await call('POST', '/scenarios/journey/publish', { inFlight: 'move', mapping: { '1': { wait: 'pause' } } });
  const onV3 = (db.$client.prepare(`SELECT count(*) AS n FROM enrolments WHERE status = 'active' AND version = 3 AND node = 'pause'`).get() as { n: number }).n;
  if (move.body.moved !== ENROLMENTS || onV3 !== ENROLMENTS) throw new Error(`moved ${move.body.moved}, ${onV3} on version 3: expected ${ENROLMENTS}`);

  const result = {
    enrolments: ENROLMENTS,
    previewMs: median(preview),
    publishKeepMs: keep.ms,
    publishMoveMs: move.ms,
    moveMsPer1000: (move.ms - keep.ms) / (ENROLMENTS / 1000),
    moveOverKeep: move.ms / keep.ms,
    copyRowsMs: copyMs,
    moveOverCopy: move.ms / copyMs,
  };
  console.log(`  preview (GET in-flight), median of ${REQUESTS}: ${fmt(result.previewMs)} ms`);
  console.log(`  publish, keep (baseline): ${fmt(result.publishKeepMs)} ms`);
  console.log(`  publish, move all ${fmt(ENROLMENTS)} in its transaction: ${fmt(result.publishMoveMs)} ms (${fmt(result.moveMsPer1000)} ms per 1,000 moved; ×${fmt(result.moveOverKeep)} the baseline)`);
  console.log(`  the move over writing the same contacts and enrolments in plain SQL (the set-up): ×${fmt(result.moveOverCopy)}`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(remove);
