/**
 * Saved segments benchmark (`pnpm bench:segments`; not part of the tests). Fills BENCH_CONTACTS contacts (1M by
 * default) with attributes, consents and two events each in the last 60 days, then measures in the same run:
 * - the live size estimate of a three-condition draft segment (attribute, consent, an event counted within 30 days)
 *   through the HTTP API's handler in-process (`app.request`, `POST /api/segments/estimate`), median of BENCH_REQUESTS
 *   requests (target < 1 s);
 * - ingest throughput (`Runtime.track`, 100 events a transaction, to random known contacts) with no saved segment,
 *   then with 20 live ones (attributes, consents, events with windows and filters), alternated twice (target: no
 *   more than a 20 % drop), with how many memberships those events changed; then the last live events again, which
 *   change (almost) no membership: the cost of keeping memberships apart from the cost of changing them;
 * - the floor of changing memberships: the same ingest with no segment logic, writing for as many membership changes
 *   per event as the live runs made the rows a change cannot do without (see ingestWithChangeWrites);
 * - how long computing the 20 segments' membership took (time-budgeted slices, as the background job runs them).
 * Prints the figures and a final `RESULT {json}` line. With `BENCH_PROFILE=<dir>`, the ingest runs are also CPU-profiled
 * (see test/support/cpu-profile.ts): the figures of that run then carry the profiler's cost.
 */
import { inTransaction } from '@parcours/server';
import { BENCH_KEY as KEY, benchApp, benchContactId as id, fmt } from '../support/bench-app.ts';
import type { Condition, Json } from '@parcours/shared';
import { createSegment } from '../../server/src/store/segments.ts';
import { profiled } from '../support/cpu-profile.ts';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5);
const DAY = 86_400_000;
const now = Date.parse('2026-06-01T12:00:00Z');

const { db, runtime, app, remove } = benchApp('segments', now);
const PLANS = ['free', 'pro', 'team'];
const CITIES = ['Paris', 'Lyon', 'Lille', 'Nantes'];

function fill(): void {
  const contact = db.$client.prepare(
    `INSERT INTO contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at) VALUES (?, 0, ?, ?, NULL, '[]', ?, ?)`,
  );
  const event = db.$client.prepare('INSERT INTO events (contact_id, name, properties, at, received_at) VALUES (?, ?, ?, ?, ?)');
  const CHUNK = 10_000;
  for (let from = 0; from < CONTACTS; from += CHUNK) {
    inTransaction(db, () => {
      for (let i = from; i < Math.min(CONTACTS, from + CHUNK); i++) {
        const attributes = { plan: PLANS[i % 3], city: CITIES[i % 4], score: i % 100 };
        contact.run(id(i), JSON.stringify(attributes), JSON.stringify({ email: i % 5 !== 0, sms: i % 2 === 0 }), now, now);
        event.run(id(i), 'order_completed', JSON.stringify({ total: (i * 7) % 200 }), now - (i % 60) * DAY, now);
        event.run(id(i), 'page_viewed', JSON.stringify({ path: '/pricing' }), now - ((i * 3) % 60) * DAY, now);
      }
    });
  }
}

async function median(run: () => Promise<void>, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

const threeConditions: Condition = {
  all: [
    { attribute: 'plan', op: 'eq', value: 'pro' },
    { consent: 'email' },
    { event: 'order_completed', within: '30d', where: [{ property: 'total', op: 'gte', value: 50 }] },
  ],
};

async function estimate(): Promise<{ ms: number; answer: unknown }> {
  let answer: unknown;
  const ms = await median(async () => {
    const response = await app.request('/api/segments/estimate', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ condition: threeConditions }),
    });
    answer = await response.json();
  }, REQUESTS);
  return { ms, answer };
}

/** How many times a contact entered or left a saved segment so far. */
const membershipChanges = (): number =>
  (db.$client.prepare(`SELECT count(*) AS n FROM events WHERE name IN ('segment_entered', 'segment_exited')`).get() as { n: number }).n;

type Item = { userId: string; event: string; properties: Record<string, Json> };

/** The events of one transaction of an ingest run: 100, to contacts picked by a fixed walk. */
const batchOf = (seed: number, done: number): Item[] =>
  Array.from({ length: 100 }, (_, k): Item => {
    const i = ((done + k) * 7919 + seed) % CONTACTS;
    return (done + k) % 3 === 0
      ? { userId: id(i), event: 'order_completed', properties: { total: (i * 13) % 200 } }
      : { userId: id(i), event: 'page_viewed', properties: { path: '/pricing' } };
  });

/** Events per second through the runtime's ingest, 100 per transaction. */
function ingest(seed: number): number {
  const started = performance.now();
  for (let done = 0; done < EVENTS; done += 100) runtime.track(batchOf(seed, done));
  return EVENTS / ((performance.now() - started) / 1000);
}

/**
 * The floor of changing memberships, with no segment logic: events per second of the same ingest, each transaction
 * in an outer one that also writes, for `changesPerEvent` membership changes per event, the rows a change cannot do
 * without: the member row added or removed (its indexes and the size trigger) and the `segment_entered` or
 * `segment_exited` event. With 0 changes it is the baseline of the floor (the outer transaction changes how the
 * contact cache keeps contacts, so the change writes' cost is the difference of two such runs).
 */
function ingestWithChangeWrites(seed: number, changesPerEvent: number, segmentIds: string[]): number {
  const add = db.$client.prepare('INSERT INTO segment_members (segment_id, contact_id, entered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const leave = db.$client.prepare('DELETE FROM segment_members WHERE segment_id = ? AND contact_id = ?');
  const event = db.$client.prepare('INSERT INTO events (contact_id, name, properties, at, received_at) VALUES (?, ?, ?, ?, ?)');
  const changes = Math.round(changesPerEvent * 100);
  const started = performance.now();
  for (let done = 0; done < EVENTS; done += 100) {
    const items = batchOf(seed, done);
    inTransaction(db, () => {
      runtime.track(items);
      for (let k = 0; k < changes; k++) {
        const contact = items[k % items.length].userId;
        const segment = segmentIds[(done + k) % segmentIds.length];
        const entered = add.run(segment, contact, now).changes > 0 || (leave.run(segment, contact), false);
        event.run(contact, entered ? 'segment_entered' : 'segment_exited', JSON.stringify({ segment }), now, now);
      }
    });
  }
  return EVENTS / ((performance.now() - started) / 1000);
}

function twentySegments(): Condition[] {
  const segments: Condition[] = [];
  for (const plan of PLANS) for (const city of CITIES.slice(0, 2)) segments.push({ all: [{ attribute: 'plan', op: 'eq', value: plan }, { attribute: 'city', op: 'eq', value: city }] });
  for (const score of [20, 50, 80]) segments.push({ attribute: 'score', op: 'gte', value: score });
  for (const channel of ['email', 'sms'] as const) segments.push({ consent: channel });
  for (const days of [7, 30, 90]) segments.push({ event: 'order_completed', within: `${days}d` });
  segments.push({ event: 'order_completed', within: '30d', count: { op: 'gte', value: 2 } });
  segments.push({ event: 'page_viewed', within: '14d' });
  segments.push(threeConditions);
  segments.push({ all: [{ attribute: 'plan', op: 'eq', value: 'team' }, { not: { event: 'order_completed', within: '45d' } }] });
  segments.push({ attribute: 'city', op: 'eq', value: 'Nantes' });
  segments.push({ any: [{ attribute: 'plan', op: 'eq', value: 'free' }, { event: 'page_viewed', within: '7d' }] });
  return segments;
}

let started = performance.now();
fill();
console.log(`filled ${fmt(CONTACTS)} contacts and ${fmt(CONTACTS * 2)} events in ${fmt((performance.now() - started) / 1000)} s`);

const { ms: estimateMs, answer } = await estimate();
console.log(`estimate of a three-condition segment: ${fmt(estimateMs)} ms (median of ${REQUESTS})`, JSON.stringify({ ...(answer as object), sample: undefined }));

const bare1 = await profiled('ingest-bare', () => ingest(1));
const conditions = twentySegments();
for (const [i, condition] of conditions.entries()) createSegment(db, { name: `segment ${i}`, condition }, now);
runtime.segmentsChanged();
started = performance.now();
let visited = 0;
for (let n; (n = runtime.computeSegments()) > 0; ) visited += n;
const computeS = (performance.now() - started) / 1000;
console.log(`computed the membership of ${conditions.length} segments (${fmt(visited)} contact visits) in ${fmt(computeS)} s`);
let changes = membershipChanges();
const live1 = await profiled('ingest-live', () => ingest(2));
const changes1 = membershipChanges() - changes;
// Alternate: the same database with the segments set aside, then live again.
const stored = runtime.versions.savedSegments();
runtime.versions.savedSegments = () => [];
const bare2 = ingest(3);
runtime.versions.savedSegments = () => stored;
changes = membershipChanges();
const live2 = ingest(4);
const changes2 = membershipChanges() - changes;
changes = membershipChanges();
const again = await profiled('ingest-again', () => ingest(4));
const changesAgain = membershipChanges() - changes;
// Last, with the segments set aside again: the floor writes change memberships behind the upkeep's back.
runtime.versions.savedSegments = () => [];
const changesPerEvent = (changes1 + changes2) / 2 / EVENTS;
const segmentIds = stored.map((segment) => segment.id);
const floorBase = ingestWithChangeWrites(5, 0, segmentIds);
const floorChanging = ingestWithChangeWrites(6, changesPerEvent, segmentIds);
const bare = (bare1 + bare2) / 2;
// The change writes' own cost per event (the difference of the two floor runs), added to the bare ingest's.
const changeWritesUs = 1e6 / floorChanging - 1e6 / floorBase;
const floor = 1e6 / (1e6 / bare + changeWritesUs);
const floorDrop = 1 - floor / bare;
const live = (live1 + live2) / 2;
const drop = 1 - live / bare;
const dropAgain = 1 - again / bare;
const perEvent = (n: number) => fmt(n / EVENTS);
console.log(`ingest: ${fmt(bare)} events/s without segments (${fmt(bare1)}, ${fmt(bare2)}), ${fmt(live)} with 20 live segments (${fmt(live1)}, ${fmt(live2)}): ${fmt(drop * 100)} % drop; memberships changed per event: ${perEvent(changes1)}, ${perEvent(changes2)}`);
console.log(`ingest of the same events again (memberships changed per event: ${perEvent(changesAgain)}): ${fmt(again)} events/s, ${fmt(dropAgain * 100)} % drop`);
console.log(
  `floor of changing memberships (no segment logic; each transaction in an outer one): ${fmt(floorBase)} events/s, ${fmt(floorChanging)} with the rows of ${fmt(changesPerEvent)} changes per event written: ${fmt(changeWritesUs)} µs per event; with the bare ingest's ${fmt(1e6 / bare)} µs, at most ${fmt(floor)} events/s: a ${fmt(floorDrop * 100)} % drop at least`,
);
const result = {
  contacts: CONTACTS,
  estimateMs: Math.round(estimateMs),
  ingestBare: Math.round(bare),
  ingestWith20: Math.round(live),
  dropPercent: Math.round(drop * 1000) / 10,
  membershipChangesPerEvent: Math.round(((changes1 + changes2) / 2 / EVENTS) * 100) / 100,
  ingestAgain: Math.round(again),
  dropAgainPercent: Math.round(dropAgain * 1000) / 10,
  floorDropPercent: Math.round(floorDrop * 1000) / 10,
  computeSeconds: Math.round(computeS * 10) / 10,
};
console.log(`RESULT ${JSON.stringify(result)}`);
await remove();
