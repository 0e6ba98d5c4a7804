import { formatPath, type PathSegment } from '@parcours/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createChannels, DEFAULT_DELIVERY_SETTINGS, loadChannelConfig } from '../src/channels/index.ts';
import { messages } from '../src/db/schema.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { Dispatcher, dispatchPending, VolumeGate, type Deliver } from '../src/runtime/dispatcher.ts';
import { harness, publishScenario, type Harness } from './helpers.ts';
import { onPostgres } from '../../test/support/test-database.ts';

// 2026-01-05 09:00 in Paris: the scenarios count their days in Europe/Paris (UTC+1 in January).
const START = Date.parse('2026-01-05T08:00:00Z');
const parisMidnight = (day: string) => Date.parse(`${day}T00:00:00+01:00`);

let h: Harness;
/** The real sandbox delivery, remembering which outbox rows it was handed. */
let handed: number[];
let deliver: Deliver;
beforeEach(() => {
  h = harness(START);
  handed = [];
  const sandbox = createDeliver({ db: h.db, channels: createChannels(loadChannelConfig({})) });
  deliver = (row, now) => {
    handed.push(row.id);
    return sandbox(row, now);
  };
});
afterEach(() => h.close());

/** go → one email → exit, with the given volume caps. */
function promo(id: string, volumeCaps: unknown[] = []) {
  return {
    schemaVersion: 1,
    id,
    name: `Promo ${id}`,
    settings: { defaultTimeZone: 'Europe/Paris', consentRequired: { email: false, sms: false, push: false }, volumeCaps },
    templates: [{ id: 'offer', channel: 'email', subject: 'Our offer', html: '<p>Hello</p>' }],
    nodes: [
      { id: 'start', type: 'entry.event', config: { event: `go_${id}` } },
      { id: 'send', type: 'action.email', config: { template: 'offer' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'send' },
      { id: 'e2', source: 'send', target: 'done' },
    ],
  };
}

async function enrol(scenarioId: string, contacts: string[]): Promise<number[]> {
  for (const id of contacts) {
    await h.call('PUT', `/contacts/${id}`, { attributes: { email: `${id}@example.com` } });
    const tracked = await h.call('POST', '/track', { userId: id, event: `go_${scenarioId}` });
    expect(tracked.status).toBeLessThan(300);
  }
  return h.db.select({ id: messages.id }).from(messages).where(eq(messages.scenarioId, scenarioId)).orderBy(asc(messages.id)).all().map((r) => r.id);
}

const statusOf = (ids: number[]) => ids.map((id) => h.db.select({ status: messages.status }).from(messages).where(eq(messages.id, id)).get()!.status);

describe('volume caps at dispatch', () => {
  it('sends at most maxPerDay a day, holds the rest pending and sends them oldest first on the next days, each once', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 2, minPerDay: 2 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3', 'c4', 'c5']);
    expect(ids).toHaveLength(5);
    const gate = new VolumeGate(h.db);
    const now = () => h.clock.now();

    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(2);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(0);
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'pending', 'pending', 'pending']);

    // One millisecond before midnight in Paris the day is still full.
    h.clock.set(parisMidnight('2026-01-06') - 1);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(0);
    h.clock.set(parisMidnight('2026-01-06'));
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(2);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(0);
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'sandboxed', 'sandboxed', 'pending']);

    h.clock.set(parisMidnight('2026-01-07') + 3_600_000);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(1);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(0);

    expect(handed).toEqual(ids);
    const rows = h.db.select().from(messages).orderBy(asc(messages.id)).all();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(5).fill(['sandboxed', 1]));
    expect(rows.map((r) => new Date(r.sentAt!).toISOString())).toEqual([
      '2026-01-05T08:00:00.000Z',
      '2026-01-05T08:00:00.000Z',
      '2026-01-05T23:00:00.000Z',
      '2026-01-05T23:00:00.000Z',
      '2026-01-07T00:00:00.000Z',
    ]);
  });

  it('a fresh gate (a restart) counts what the day already sent', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 2 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3']);
    expect(await dispatchPending(h.db, deliver, () => h.clock.now(), 1)).toBe(1);
    expect(await dispatchPending(h.db, deliver, () => h.clock.now(), 1)).toBe(1);
    expect(await dispatchPending(h.db, deliver, () => h.clock.now(), 1)).toBe(0);
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'pending']);
  });

  it('leaves a capped pair out of the query, so the rows behind it are not starved and nothing spins', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 1 }]));
    await publishScenario(h, promo('other'));
    const capped = await enrol('promo', ['c1', 'c2', 'c3']);
    const free = await enrol('other', ['d1']);
    const gate = new VolumeGate(h.db);
    const now = () => h.clock.now();
    // Batches of one: the second batch would be a held promo row if the pair were still queried.
    expect(await dispatchPending(h.db, deliver, now, 1, gate)).toBe(1);
    expect(await dispatchPending(h.db, deliver, now, 1, gate)).toBe(0);
    expect(gate.begin(now())).toEqual([{ scenarioId: 'promo', channel: 'email', until: parisMidnight('2026-01-06') }]);
    expect(await dispatchPending(h.db, deliver, now, 1, gate)).toBe(1);
    expect(handed).toEqual([capped[0], free[0]]);
    expect(statusOf(capped)).toEqual(['sandboxed', 'pending', 'pending']);
  });

  it('publishing a higher cap releases the held pair the same day', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 1 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3']);
    const gate = new VolumeGate(h.db);
    const now = () => h.clock.now();
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(1);
    expect((await h.call('PUT', '/scenarios/promo/draft', promo('promo', [{ channel: 'email', maxPerDay: 2 }]))).status).toBe(200);
    expect((await h.call('POST', '/scenarios/promo/publish')).status).toBe(201);
    expect(await dispatchPending(h.db, deliver, now, 100, gate)).toBe(1);
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'pending']);
  });

  it('a failed delivery does not use up the cap', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 1 }]));
    const ids = await enrol('promo', ['c1', 'c2']);
    const gate = new VolumeGate(h.db);
    const failing: Deliver = async () => ({ status: 'failed', reason: 'mailbox full' });
    expect(await dispatchPending(h.db, failing, () => h.clock.now(), 1, gate)).toBe(1);
    expect(await dispatchPending(h.db, deliver, () => h.clock.now(), 100, gate)).toBe(1);
    expect(statusOf(ids)).toEqual(['failed', 'sandboxed']);
  });
});

describe('volume caps with several workers (PostgreSQL)', () => {
  it.runIf(onPostgres())('counts what the other workers sent since its last batch: together they send no more than maxPerDay', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 2 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3', 'c4']);
    const [first, second] = [0, 1].map(() => new Dispatcher({ db: h.db, deliver, now: () => h.clock.now() }));
    expect(first.dispatch(1)).toBe(1);
    await first.settled();
    expect(second.dispatch(1)).toBe(1);
    await second.settled();
    // The first worker's count of the day was 1 after its own send: the second worker's send counts too.
    expect(first.dispatch(10)).toBe(0);
    await first.settled();
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'pending', 'pending']);
  });
});

describe('volume caps with concurrent sends', () => {
  it('counts the messages on their way against the cap: no more than maxPerDay go out however many may be in flight', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 3 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    // Every send waits until the test lets them all finish: all admitted ones are in flight at once.
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const slow: Deliver = async (row, now) => {
      await finished;
      return deliver(row, now);
    };
    const dispatcher = new Dispatcher({ db: h.db, deliver: slow, now: () => h.clock.now(), settings: { ...DEFAULT_DELIVERY_SETTINGS, concurrency: { ...DEFAULT_DELIVERY_SETTINGS.concurrency, email: 8 } } });

    expect(dispatcher.dispatch(100)).toBe(3);
    expect(dispatcher.dispatch(100)).toBe(0);
    finish();
    await dispatcher.settled();
    expect(dispatcher.dispatch(100)).toBe(0);
    expect(statusOf(ids)).toEqual(['sandboxed', 'sandboxed', 'sandboxed', 'pending', 'pending', 'pending']);
    expect(handed).toEqual(ids.slice(0, 3));
  });

  it('gives the place of an in-flight message that failed back to the next one', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 2 }]));
    const ids = await enrol('promo', ['c1', 'c2', 'c3']);
    const firstFails: Deliver = async (row, now) => (row.id === ids[0] ? { status: 'failed', reason: 'mailbox full' } : deliver(row, now));
    const dispatcher = new Dispatcher({ db: h.db, deliver: firstFails, now: () => h.clock.now() });
    expect(dispatcher.dispatch(100)).toBe(2);
    await dispatcher.settled();
    expect(dispatcher.dispatch(100)).toBe(1);
    await dispatcher.settled();
    expect(statusOf(ids)).toEqual(['failed', 'sandboxed', 'sandboxed']);
  });
});

describe('GET /api/scenarios/:id/volume', () => {
  it('reports sent and throttled per day and flags finished days under the minimum', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 2, minPerDay: 2 }]));
    await enrol('promo', ['c1', 'c2', 'c3', 'c4', 'c5']);
    const gate = new VolumeGate(h.db);
    const dispatch = () => dispatchPending(h.db, deliver, () => h.clock.now(), 100, gate);
    await dispatch();

    const today = await h.call('GET', '/scenarios/promo/volume?days=1');
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ scenarioId: 'promo', timeZone: 'Europe/Paris' });
    expect(today.body.days).toEqual([
      {
        day: '2026-01-05',
        start: parisMidnight('2026-01-05'),
        end: parisMidnight('2026-01-06'),
        finished: false,
        channels: [{ channel: 'email', sent: 2, throttled: 3, min: 2, max: 2, underDelivered: false }],
      },
    ]);

    h.clock.set(parisMidnight('2026-01-06') + 1000);
    await dispatch();
    h.clock.set(parisMidnight('2026-01-07') + 1000);
    await dispatch();
    h.clock.set(parisMidnight('2026-01-08') + 10 * 3_600_000);

    const report = await h.call('GET', '/scenarios/promo/volume?days=5');
    expect(report.status).toBe(200);
    const rows = report.body.days.map((d: { day: string; finished: boolean; channels: Array<Record<string, unknown>> }) => [
      d.day,
      d.finished,
      d.channels.map((c) => [c.channel, c.sent, c.throttled, c.underDelivered]),
    ]);
    expect(rows).toEqual([
      // Before the first publish: no minimum to miss.
      ['2026-01-04', true, [['email', 0, 0, false]]],
      ['2026-01-05', true, [['email', 2, 3, false]]],
      ['2026-01-06', true, [['email', 2, 1, false]]],
      ['2026-01-07', true, [['email', 1, 0, true]]],
      // Today is not over: not flagged yet.
      ['2026-01-08', false, [['email', 0, 0, false]]],
    ]);
  });

  it('does not count a message skipped at delivery as throttled, nor against the cap', async () => {
    await publishScenario(h, promo('promo', [{ channel: 'email', maxPerDay: 1 }]));
    const ids = await enrol('promo', ['c1', 'c2']);
    const gate = new VolumeGate(h.db);
    const withdrawn: Deliver = async () => ({ status: 'skipped', reason: 'no consent for email' });
    expect(await dispatchPending(h.db, withdrawn, () => h.clock.now(), 1, gate)).toBe(1);
    expect(await dispatchPending(h.db, deliver, () => h.clock.now(), 100, gate)).toBe(1);
    expect(statusOf(ids)).toEqual(['skipped', 'sandboxed']);
    const report = await h.call('GET', '/scenarios/promo/volume?days=1');
    expect(report.body.days[0].channels).toEqual([{ channel: 'email', sent: 1, throttled: 0, min: null, max: 1, underDelivered: false }]);
  });

  it('lists uncapped channels that sent, with no minimum or maximum', async () => {
    await publishScenario(h, promo('other'));
    await enrol('other', ['d1']);
    await dispatchPending(h.db, deliver, () => h.clock.now());
    const report = await h.call('GET', '/scenarios/other/volume?days=1');
    expect(report.body.days[0].channels).toEqual([{ channel: 'email', sent: 1, throttled: 0, min: null, max: null, underDelivered: false }]);
  });

  it('refuses a bad query with the field path, and an unknown scenario with 404', async () => {
    await publishScenario(h, promo('promo'));
    for (const query of ['days=0', 'days=abc', 'days=91', 'days=2.5']) {
      const bad = await h.call('GET', `/scenarios/promo/volume?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path)), query).toEqual(['days']);
    }
    expect((await h.call('GET', '/scenarios/nope/volume')).status).toBe(404);
    expect((await h.call('GET', '/scenarios/promo/volume', undefined, null)).status).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await h.call('GET', '/openapi.json');
    const route = doc.body.paths['/scenarios/{id}/volume'].get;
    expect(route.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['days', 'id']);
    expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '404']);
    expect(doc.body.components.schemas.VolumeReport).toBeDefined();
  });
});

describe('volume caps in a scenario body', () => {
  it('a minimum above the maximum is refused with 422, located', async () => {
    const created = await h.call('POST', '/scenarios', promo('promo', [{ channel: 'sms', maxPerDay: 5, minPerDay: 9 }]));
    expect(created.status).toBe(422);
    expect(created.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path))).toContain('settings.volumeCaps[0].minPerDay');
  });
});
