import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq, inArray } from 'drizzle-orm';
import { contactSteps } from '../src/store/contacts.ts';
import { inTransaction } from '../src/db/open.ts';
import { statements } from '../src/db/statements.ts';
import { contactAliases, contacts, enrolments, events, messages, steps } from '../src/db/schema.ts';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { dispatchPending } from '../src/runtime/dispatcher.ts';
import { MAX_CASCADE_ROUNDS } from '@parcours/shared';
import { DUE_SLICE } from '../src/runtime/scheduler.ts';
import { harness, pendingTimers, publishScenario, runTimersUntil, type Harness } from './helpers.ts';
import { conditionScenario, delayScenario, scoringScenario, segmentScenario } from './fixtures/scenarios.ts';

const DAY = 86_400_000;
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const countOf = (table: typeof messages | typeof events | typeof enrolments | typeof steps | typeof contacts | typeof contactAliases) =>
  h.db.select({ n: count() }).from(table).get()!.n;
const track = (userId: string, event: string, properties = {}) => h.call('POST', '/track', { userId, event, properties });
const enrolmentsOf = (contactId: string) => h.db.select().from(enrolments).where(eq(enrolments.contactId, contactId)).orderBy(enrolments.id).all();
const templatesSent = (contactId: string) =>
  h.db.select({ t: messages.template }).from(messages).where(eq(messages.contactId, contactId)).orderBy(messages.id).all().map((m) => m.t);

describe('scheduler', () => {
  it('fires each due timer once, in batches, and only when due', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    for (let i = 0; i < 5; i++) await track(`c${i}`, 'go');
    expect(pendingTimers(h.db)).toBe(5);
    expect(h.runtime.runDue(10)).toBe(0);
    h.clock.advance(3_600_000);
    expect(h.runtime.runDue(2)).toBe(2);
    expect(h.runtime.runDue(10)).toBe(3);
    expect(h.runtime.runDue(10)).toBe(0);
    expect(pendingTimers(h.db)).toBe(0);
    expect(countOf(messages)).toBe(10);
    for (let i = 0; i < 5; i++) expect(enrolmentsOf(`c${i}`)[0]).toMatchObject({ status: 'exited', node: 'done' });
  });

  it('leaves the timer in place when the transaction that claimed it fails, and never fires it twice after a commit', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('c1', 'go');
    h.clock.advance(3_600_000);
    expect(() =>
      inTransaction(h.db, () => {
        h.runtime.runDue(10);
        throw new Error('crash before commit');
      }),
    ).toThrow('crash before commit');
    expect(pendingTimers(h.db)).toBe(1);
    expect(templatesSent('c1')).toEqual(['first']);
    expect(enrolmentsOf('c1')[0].status).toBe('active');
    expect(h.runtime.runDue(10)).toBe(1);
    expect(h.runtime.runDue(10)).toBe(0);
    expect(templatesSent('c1')).toEqual(['first', 'second']);
  });

  it('ends an enrolment the engine cannot move, with the reason, without blocking the others', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('broken', 'go');
    await track('fine', 'go');
    h.db.update(enrolments).set({ snapshot: { status: 'active', value: 'no_such_state', context: { seq: 1 } } }).where(eq(enrolments.contactId, 'broken')).run();
    h.clock.advance(3_600_000);
    expect(h.runtime.runDue(10)).toBe(2);
    expect(enrolmentsOf('broken')[0].status).toBe('exited');
    const last = contactSteps(h.db, 'broken').all().at(-1)!;
    expect(last.reason).toMatch(/^engine error/);
    expect(enrolmentsOf('fine')[0]).toMatchObject({ status: 'exited', node: 'done' });
  });
});

describe('events the journey does not listen to', () => {
  it('leave a waiting enrolment untouched: no trace, no write', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('c1', 'go');
    const [before] = enrolmentsOf('c1');
    const stepsBefore = countOf(steps);
    h.clock.advance(60_000);
    expect((await track('c1', 'page_viewed')).status).toBe(200);
    expect(enrolmentsOf('c1')).toEqual([before]);
    expect(countOf(steps)).toBe(stepsBefore);
    // The enrolment still moves on its timer.
    h.clock.advance(3_600_000);
    expect(h.runtime.runDue(10)).toBe(1);
    expect(enrolmentsOf('c1')[0]).toMatchObject({ status: 'exited', node: 'done' });
  });

  it('are stored for known and new contacts alike, a new one created first, in the order of a batch', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('c1', 'go');
    const eventsOf = (contactId: string) => h.db.select({ name: events.name }).from(events).where(eq(events.contactId, contactId)).orderBy(events.id).all().map((e) => e.name);
    expect((await track('c1', 'page_viewed')).status).toBe(200);
    expect((await track('c9', 'page_viewed')).status).toBe(200);
    expect(eventsOf('c1')).toEqual(['go', 'page_viewed']);
    expect(eventsOf('c9')).toEqual(['page_viewed']);
    expect(h.db.select().from(contacts).where(eq(contacts.id, 'c9')).get()).toMatchObject({ anonymous: false });
    // Written underneath the runtime (as an import's staging would be): known to the database, not to the cache.
    statements(h.db).insertContact.run({ id: 'c7', anonymous: false, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: 0, updatedAt: 0 });
    expect((await track('c7', 'page_viewed')).status).toBe(200);
    expect(eventsOf('c7')).toEqual(['page_viewed']);
    expect(h.db.select().from(contacts).where(eq(contacts.id, 'c7')).get()).toMatchObject({ createdAt: 0, updatedAt: 0 });
    const batch = await h.call('POST', '/batch', {
      batch: [
        { type: 'identify', userId: 'c1', traits: { plan: 'pro' } },
        { type: 'track', userId: 'c1', event: 'page_viewed', properties: {} },
        { type: 'track', userId: 'c5', event: 'page_viewed', properties: {} },
        { type: 'track', userId: 'c5', event: 'go', properties: {} },
      ],
    });
    expect(batch.status).toBe(200);
    expect(eventsOf('c1')).toEqual(['go', 'page_viewed', 'page_viewed']);
    expect(eventsOf('c5')).toEqual(['page_viewed', 'go']);
    expect(enrolmentsOf('c5')).toEqual([expect.objectContaining({ scenarioId: 's', status: 'active' })]);
  });
});

describe('versions', () => {
  it('keeps contacts in flight on their version and enrols new ones in the latest', async () => {
    const v1 = delayScenario('s', { delay: '1d', second: 'old_reminder' });
    expect(await publishScenario(h, v1)).toBe(1);
    await track('early', 'go');
    // Contacts exist now, none with first_name: the templates' attribute must be declared to be published.
    await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'first_name', type: 'text' }] });
    const v2 = delayScenario('s', { delay: '2d', second: 'new_reminder' });
    expect(await publishScenario(h, v2)).toBe(2);
    await track('late', 'go');
    expect(enrolmentsOf('early')[0].version).toBe(1);
    expect(enrolmentsOf('late')[0].version).toBe(2);
    runTimersUntil(h, h.clock.now() + 3 * DAY);
    expect(templatesSent('early')).toEqual(['first', 'old_reminder']);
    expect(templatesSent('late')).toEqual(['first', 'new_reminder']);
    const early = contactSteps(h.db, 'early').all().find((s) => s.node === 'send_b')!;
    expect(early.at - enrolmentsOf('early')[0].enteredAt).toBe(DAY);
  });

  it('lets an event move contacts in flight on a version that reacts to it, when neither the live version nor any entry does', async () => {
    const v1 = delayScenario('s');
    expect(await publishScenario(h, { ...v1, settings: { ...v1.settings, exitEvents: [{ event: 'cancelled' }] } })).toBe(1);
    await track('early', 'go');
    await h.call('PUT', '/settings/attributes', { attributes: [{ name: 'first_name', type: 'text' }] });
    expect(await publishScenario(h, delayScenario('s', { second: 'other' }))).toBe(2);
    await track('late', 'go');
    await h.call('POST', '/scenarios/s/archive');
    await track('early', 'cancelled');
    await track('late', 'cancelled');
    expect(enrolmentsOf('early')[0]).toMatchObject({ version: 1, status: 'exited' });
    expect(enrolmentsOf('late')[0]).toMatchObject({ version: 2, status: 'active' });
  });

  it('takes no new contacts in an archived scenario but lets those in flight finish', async () => {
    await publishScenario(h, delayScenario('s'));
    await track('inflight', 'go');
    await h.call('POST', '/scenarios/s/archive');
    await track('newcomer', 'go');
    expect(enrolmentsOf('newcomer')).toHaveLength(0);
    runTimersUntil(h, h.clock.now() + 2 * DAY);
    expect(templatesSent('inflight')).toEqual(['first', 'second']);
  });
});

describe('re-entry', () => {
  it.each([
    [{ policy: 'never' }, [1, 1, 1]],
    [{ policy: 'always' }, [1, 2, 3]],
    [{ policy: 'after', after: '3d' }, [1, 1, 2]],
  ])('%j', async (reentry, expected) => {
    await publishScenario(h, delayScenario('s', { delay: '1h', reentry }));
    const passes: number[] = [];
    for (const days of [0, 2, 4]) {
      runTimersUntil(h, h.clock.now());
      h.clock.set(Date.parse('2026-01-05T08:00:00Z') + days * DAY);
      runTimersUntil(h, h.clock.now());
      await track('c', 'go');
      passes.push(enrolmentsOf('c').length);
    }
    expect(passes).toEqual(expected);
  });

  it('never enrols a contact twice at once in one scenario', async () => {
    await publishScenario(h, delayScenario('s', { reentry: { policy: 'always' } }));
    await track('c', 'go');
    await track('c', 'go');
    expect(enrolmentsOf('c')).toHaveLength(1);
  });
});

describe('contact changes', () => {
  it('wakes a contact waiting on a condition when its attributes change, and follows started scenarios', async () => {
    await publishScenario(h, delayScenario('followup', { entry: 'api' }));
    await publishScenario(h, conditionScenario('cond', 'followup'));
    await track('c', 'begin');
    expect(enrolmentsOf('c')[0]).toMatchObject({ scenarioId: 'cond', status: 'active', node: 'until_ready' });
    h.clock.advance(3_600_000);
    const res = await h.call('PUT', '/contacts/c', { attributes: { ready: true } });
    expect(res.body.attributes).toMatchObject({ ready: true, done_flag: 'yes' });
    const [cond, followup] = enrolmentsOf('c');
    expect(cond).toMatchObject({ status: 'exited', node: 'done' });
    expect(followup).toMatchObject({ scenarioId: 'followup', trigger: 'scenario', status: 'active', node: 'wait' });
    expect(pendingTimers(h.db)).toBe(1);
  });

  it('stops following two scenarios that start each other forever', async () => {
    const starter = (id: string, other: string) => ({
      schemaVersion: 1,
      id,
      name: id,
      settings: { reentry: { policy: 'always' } },
      nodes: [
        { id: 'start', type: 'entry.api', config: {} },
        { id: 'other', type: 'action.scenario', config: { scenario: other } },
        { id: 'done', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'other' },
        { id: 'e2', source: 'other', target: 'done' },
      ],
    });
    await h.call('POST', '/scenarios/import', starter('ping', 'pong'));
    await publishScenario(h, starter('pong', 'ping'));
    await publishScenario(h, starter('ping', 'pong'));
    await h.call('PUT', '/contacts/c', {});
    const res = await h.call('POST', '/scenarios/ping/enrol', { contactId: 'c' });
    expect(res.status).toBe(200);
    const count = enrolmentsOf('c').length;
    expect(count).toBeGreaterThan(2);
    expect(count).toBeLessThanOrEqual(MAX_CASCADE_ROUNDS + 1);
  });

  it('enters a segment scenario when its condition starts to hold, not while it keeps holding', async () => {
    await publishScenario(h, segmentScenario('vip'));
    await h.call('PUT', '/contacts/c', { attributes: { vip: false } });
    expect(enrolmentsOf('c')).toHaveLength(0);
    const res = await h.call('PUT', '/contacts/c', { attributes: { vip: true } });
    expect(res.body.lists).toEqual(['vips']);
    expect(enrolmentsOf('c')).toHaveLength(1);
    await h.call('PUT', '/contacts/c', { attributes: { vip: true, other: 1 } });
    expect(enrolmentsOf('c')).toHaveLength(1);
    // A contact created already matching enters at once.
    await h.call('PUT', '/contacts/d', { attributes: { vip: true } });
    expect(enrolmentsOf('d')).toHaveLength(1);
  });

  it("enters a segment scenario when another scenario's step makes its condition hold", async () => {
    await publishScenario(h, segmentScenario('vip'));
    await publishScenario(h, {
      schemaVersion: 1,
      id: 'promote',
      name: 'Promote',
      nodes: [
        { id: 'start', type: 'entry.event', config: { event: 'big_order' } },
        { id: 'set_vip', type: 'action.attribute', config: { attribute: 'vip', value: true } },
        { id: 'done', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'set_vip' },
        { id: 'e2', source: 'set_vip', target: 'done' },
      ],
    });
    await h.call('PUT', '/contacts/c', { attributes: { vip: false } });
    await track('c', 'big_order');
    expect(enrolmentsOf('c').map((e) => e.scenarioId)).toEqual(['promote', 'vip']);
    expect((await h.call('GET', '/contacts/c')).body).toMatchObject({ attributes: { vip: true }, lists: ['vips'] });

  });

  it('does not count a step that sets an already-true condition as a segment start', async () => {
    await publishScenario(h, { ...segmentScenario('vip'), settings: { reentry: { policy: 'after', after: '1d' } } });
    await publishScenario(h, {
      schemaVersion: 1,
      id: 'promote_later',
      name: 'Promote later',
      nodes: [
        { id: 'start', type: 'entry.event', config: { event: 'big_order' } },
        { id: 'wait', type: 'wait.delay', config: { duration: '2d' } },
        { id: 'set_vip', type: 'action.attribute', config: { attribute: 'vip', value: true } },
        { id: 'done', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'wait' },
        { id: 'e2', source: 'wait', target: 'set_vip' },
        { id: 'e3', source: 'set_vip', target: 'done' },
      ],
    });
    await h.call('PUT', '/contacts/d', { attributes: { vip: true } });
    await track('d', 'big_order');
    runTimersUntil(h, h.clock.now() + 3 * DAY);
    // Re-entry was allowed again by then, but vip held all along: the step started nothing.
    expect(enrolmentsOf('d').map((e) => e.scenarioId)).toEqual(['vip', 'promote_later']);
    await h.call('PUT', '/contacts/d', { attributes: { vip: false } });
    await h.call('PUT', '/contacts/d', { attributes: { vip: true } });
    expect(enrolmentsOf('d').map((e) => e.scenarioId)).toEqual(['vip', 'promote_later', 'vip']);
  });

  it('records consent changes with their source', async () => {
    await h.call('PUT', '/contacts/c', { consents: { email: true } });
    await h.call('PUT', '/contacts/c', { consents: { email: true, sms: false } });
    await h.call('PUT', '/contacts/c', { consents: { email: false } });
    const rows = h.db.$client.prepare('select channel, granted, source from consent_changes order by id').all();
    expect(rows).toEqual([
      { channel: 'email', granted: 1, source: 'api' },
      { channel: 'sms', granted: 0, source: 'api' },
      { channel: 'email', granted: 0, source: 'api' },
    ]);
  });
});

describe('date entries', () => {
  it('enrol each contact once per occurrence, in its own time zone, at the due instant of its date row', async () => {
    await publishScenario(h, {
      ...delayScenario('bday'),
      nodes: [{ id: 'start', type: 'entry.date', config: { attribute: 'birthday', at: '09:00' } }, ...delayScenario('bday').nodes.slice(1)],
      settings: { reentry: { policy: 'always' }, consentRequired: { email: false, sms: false, push: false } },
    });
    await h.call('PUT', '/contacts/paris', { attributes: { birthday: '1990-01-06' }, timeZone: 'Europe/Paris' });
    await h.call('PUT', '/contacts/ny', { attributes: { birthday: '1985-01-06' }, timeZone: 'America/New_York' });
    await h.call('PUT', '/contacts/none', { attributes: { birthday: 'unknown' } });
    const rows = () => h.db.$client.prepare('SELECT contact_id AS id, due_at AS at FROM date_entries ORDER BY due_at').all();
    expect(rows()).toEqual([
      { id: 'paris', at: Date.parse('2026-01-06T08:00:00Z') }, // 09:00 in Paris
      { id: 'ny', at: Date.parse('2026-01-06T14:00:00Z') }, // 09:00 in New York
    ]);
    h.clock.set(Date.parse('2026-01-06T07:59:00Z'));
    expect(h.runtime.runDue()).toBe(0);
    h.clock.set(Date.parse('2026-01-06T08:00:00Z'));
    expect(h.runtime.runDue()).toBe(1);
    expect(h.runtime.runDue()).toBe(0);
    expect(enrolmentsOf('paris')[0]).toMatchObject({ trigger: 'date', enteredAt: Date.parse('2026-01-06T08:00:00Z') });
    expect(enrolmentsOf('ny')).toHaveLength(0);
    runTimersUntil(h, Date.parse('2026-01-08T00:00:00Z'));
    expect(enrolmentsOf('ny')[0]).toMatchObject({ trigger: 'date', enteredAt: Date.parse('2026-01-06T14:00:00Z') });
    // Each fired row scheduled the next year's occurrence: again once.
    expect(rows()).toEqual([
      { id: 'paris', at: Date.parse('2027-01-06T08:00:00Z') },
      { id: 'ny', at: Date.parse('2027-01-06T14:00:00Z') },
    ]);
    runTimersUntil(h, Date.parse('2027-01-06T08:00:00Z'));
    expect(enrolmentsOf('paris').map((e) => e.pass)).toEqual([1, 2]);
    expect(enrolmentsOf('none')).toHaveLength(0);
  });
  it('fires the occurrences due at one instant in slices, every one of them in the end', async () => {
    await publishScenario(h, {
      ...delayScenario('bday'),
      nodes: [{ id: 'start', type: 'entry.date', config: { attribute: 'birthday', at: '09:00' } }, ...delayScenario('bday').nodes.slice(1)],
    });
    const contacts = Array.from({ length: 2 * DUE_SLICE + 20 }, (_, i) => ({ id: `b${i}`, attributes: { birthday: '1990-01-06' } }));
    expect((await h.call('POST', '/contacts/batch', { contacts })).status).toBe(200);
    h.clock.set(Date.parse('2026-01-06T09:00:00Z'));
    // A transaction ends when its time budget does (see withinBudget), after a whole slice.
    const fired: number[] = [];
    for (let n; (n = h.runtime.runDue(1000)) > 0; ) fired.push(n);
    expect(fired.slice(0, -1).every((n) => n % DUE_SLICE === 0)).toBe(true);
    expect(fired.reduce((a, b) => a + b)).toBe(contacts.length);
    expect(h.db.$client.prepare("SELECT count(*) AS n FROM enrolments WHERE trigger = 'date' AND entered_at = ?").get(Date.parse('2026-01-06T09:00:00Z'))).toEqual({ n: contacts.length });
  });
});

describe('identity merge', () => {
  it("moves an anonymous visitor's events, enrolments, timers and messages to the contact who identifies", async () => {
    await publishScenario(h, delayScenario('s', { event: 'page_viewed', delay: '1h' }));
    await h.call('POST', '/track', { anonymousId: 'anon-1', event: 'page_viewed', properties: { page: '/shoes' } });
    await h.call('POST', '/track', { anonymousId: 'anon-1', event: 'page_viewed', properties: { page: '/bags' } });
    expect((await h.call('GET', '/contacts/anon:anon-1')).body).toMatchObject({ anonymous: true, anonymousIds: ['anon-1'] });
    await h.call('PUT', '/contacts/user-1', { attributes: { first_name: 'Ada' } });

    const res = await h.call('POST', '/identify', { userId: 'user-1', anonymousId: 'anon-1', traits: { email: 'ada@example.com' } });
    expect(res.status).toBe(200);
    expect((await h.call('GET', '/contacts/anon:anon-1')).status).toBe(404);
    const user = await h.call('GET', '/contacts/user-1');
    expect(user.body).toMatchObject({ anonymous: false, anonymousIds: ['anon-1'], attributes: { first_name: 'Ada', email: 'ada@example.com' } });
    expect(h.db.select().from(events).where(eq(events.contactId, 'user-1')).all()).toHaveLength(2);
    expect(enrolmentsOf('user-1')).toHaveLength(1);
    expect(templatesSent('user-1')).toEqual(['first']);

    // The moved enrolment's timer still fires, for the known contact.
    runTimersUntil(h, h.clock.now() + 3_600_000);
    expect(templatesSent('user-1')).toEqual(['first', 'second']);
    // Later anonymous events land on the known contact.
    await h.call('POST', '/track', { anonymousId: 'anon-1', event: 'clicked' });
    expect(h.db.select().from(events).where(eq(events.contactId, 'user-1')).all()).toHaveLength(3);
    expect(countOf(contacts)).toBe(1);
  });

  it('renames the visitor when the user is new, and ends a duplicate enrolment when both are in the same scenario', async () => {
    await publishScenario(h, delayScenario('s', { event: 'page_viewed', delay: '1h' }));
    await h.call('POST', '/track', { anonymousId: 'a', event: 'page_viewed' });
    await h.call('POST', '/identify', { userId: 'new-user', anonymousId: 'a', traits: {} });
    expect(enrolmentsOf('new-user')).toHaveLength(1);
    expect(countOf(contacts)).toBe(1);

    await h.call('POST', '/track', { userId: 'known', event: 'page_viewed' });
    await h.call('POST', '/track', { anonymousId: 'b', event: 'page_viewed' });
    await h.call('POST', '/identify', { userId: 'known', anonymousId: 'b', traits: {} });
    const both = enrolmentsOf('known');
    expect(both.map((e) => e.status).sort()).toEqual(['active', 'exited']);
    runTimersUntil(h, h.clock.now() + 3_600_000);
    expect(templatesSent('known')).toEqual(['first', 'first', 'second']);
  });
});

describe('identity merge by the shared rule', () => {
  const scoring = scoringScenario(2);
  const hot = {
    ...segmentScenario('hot'),
    nodes: [
      { id: 'start', type: 'entry.segment', config: { condition: { attribute: 'score', op: 'gte', value: 5 } } },
      { id: 'tag', type: 'action.list', config: { list: 'hot', op: 'add' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
  };

  it("adds the visitor's score to the known contact's, keeps the known contact's other values, and enters the segments the sum qualifies for", async () => {
    await publishScenario(h, scoring);
    await publishScenario(h, hot);
    await h.call('PUT', '/contacts/kim', { attributes: { score: 4, city: 'Lyon' }, lists: ['newsletter'] });
    await h.call('POST', '/track', { anonymousId: 'v', event: 'page_viewed' });
    expect((await h.call('GET', '/contacts/anon:v')).body.attributes).toEqual({ score: 2 });
    await h.call('PUT', '/contacts/kim', { attributes: { score: 1 } });
    expect(enrolmentsOf('kim').filter((e) => e.scenarioId === 'hot')).toHaveLength(0);

    await h.call('POST', '/identify', { userId: 'kim', anonymousId: 'v', traits: {} });
    const kim = (await h.call('GET', '/contacts/kim')).body;
    expect(kim.attributes).toEqual({ score: 3, city: 'Lyon' });
    expect(enrolmentsOf('kim').filter((e) => e.scenarioId === 'hot')).toHaveLength(0);

    await h.call('POST', '/track', { anonymousId: 'w', event: 'page_viewed' });
    await h.call('POST', '/identify', { userId: 'kim', anonymousId: 'w', traits: {} });
    const after = (await h.call('GET', '/contacts/kim')).body;
    expect(after.attributes.score).toBe(5);
    // The merge made "score ≥ 5" true: the known contact entered that segment's journey.
    expect(enrolmentsOf('kim').filter((e) => e.scenarioId === 'hot')).toHaveLength(1);
    expect(after.lists).toEqual(['newsletter', 'hot']);
  });

  it('ends the visitor\'s enrolment where the known contact is in the same journey, saying so in the trace', async () => {
    await publishScenario(h, delayScenario('s', { event: 'page_viewed', delay: '1h' }));
    await h.call('POST', '/track', { userId: 'kim', event: 'page_viewed' });
    await h.call('POST', '/track', { anonymousId: 'v', event: 'page_viewed' });
    await h.call('POST', '/identify', { userId: 'kim', anonymousId: 'v', traits: {} });
    const merged = contactSteps(h.db, 'kim').all().filter((s) => s.reason?.startsWith('merged'));
    expect(merged).toEqual([expect.objectContaining({ outcome: 'exited', reason: 'merged into contact kim' })]);
  });
});

describe('erasure', () => {
  it('deletes the contact and its whole history; its pending timers never fire', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await h.call('POST', '/track', { anonymousId: 'x', event: 'go' });
    await h.call('POST', '/identify', { userId: 'gone', anonymousId: 'x', traits: { email: 'g@example.com' } });
    await h.call('PUT', '/contacts/gone', { consents: { email: true } });
    await track('kept', 'go');
    expect(pendingTimers(h.db)).toBe(2);
    const trace = contactSteps(h.db, 'gone').all().map((s) => s.id);
    expect(trace.length).toBeGreaterThan(0);
    expect((await h.call('DELETE', '/contacts/gone')).status).toBe(204);
    expect((await h.call('GET', '/contacts/gone')).status).toBe(404);
    expect((await h.call('DELETE', '/contacts/gone')).status).toBe(404);
    for (const table of [events, enrolments, messages, contactAliases]) {
      expect(h.db.select({ n: count() }).from(table).where(eq(table.contactId, 'gone')).get()!.n).toBe(0);
    }
    // The trace went with the enrolments it belongs to.
    expect(h.db.select({ n: count() }).from(steps).where(inArray(steps.id, trace)).get()!.n).toBe(0);
    expect(h.db.$client.prepare("select count(*) n from consent_changes where contact_id = 'gone'").get()).toEqual({ n: 0 });
    expect(pendingTimers(h.db)).toBe(1);
    runTimersUntil(h, h.clock.now() + 3_600_000);
    expect(templatesSent('kept')).toEqual(['first', 'second']);
    expect(countOf(contacts)).toBe(1);
  });
});

describe('outbox', () => {
  it('writes one row per send even when a step is replayed (idempotency key)', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await track('c', 'go');
    const [row] = h.db.select().from(messages).all();
    h.db
      .insert(messages)
      .values({ ...row, id: undefined })
      .onConflictDoNothing({ target: messages.idempotencyKey })
      .run();
    expect(countOf(messages)).toBe(1);
    expect(() => h.db.insert(messages).values({ ...row, id: undefined }).run()).toThrow(/UNIQUE|unique constraint/);
  });

  it('dispatches pending messages to the sandbox and lists them by contact and scenario', async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await publishScenario(h, delayScenario('t', { event: 'other', delay: '1h' }));
    for (const id of ['c', 'd']) await h.call('PUT', `/contacts/${id}`, { attributes: { email: `${id}@example.com`, first_name: id.toUpperCase() } });
    await track('c', 'go');
    await track('c', 'other');
    await track('d', 'go');
    // No channel configured: every channel is the sandbox.
    const sandbox = createDeliver({ db: h.db, channels: createChannels(loadChannelConfig({})) });
    expect(await dispatchPending(h.db, sandbox, () => h.clock.now())).toBe(3);
    expect(await dispatchPending(h.db, sandbox, () => h.clock.now())).toBe(0);
    const all = await h.call('GET', '/messages');
    expect(all.body.items).toHaveLength(3);
    expect(all.body.items.map((m: { status: string }) => m.status)).toEqual(['sandboxed', 'sandboxed', 'sandboxed']);
    expect(all.body.items.every((m: { rendered?: { subject?: string } }) => typeof m.rendered?.subject === 'string')).toBe(true);
    expect((await h.call('GET', '/messages?contactId=c')).body.items).toHaveLength(2);
    expect((await h.call('GET', '/messages?contactId=c&scenarioId=t')).body.items).toEqual([
      expect.objectContaining({ contactId: 'c', scenarioId: 't', version: 1, node: 'send_a', channel: 'email', template: 'first' }),
    ]);
    expect((await h.call('GET', '/messages?limit=0')).status).toBe(400);
  });

  it('queues a webhook call with its target in the outbox', async () => {
    await publishScenario(h, {
      schemaVersion: 1,
      id: 'hook',
      name: 'Hook',
      nodes: [
        { id: 'start', type: 'entry.event', config: { event: 'go' } },
        { id: 'call', type: 'action.webhook', config: { url: 'https://crm.example.com/leads', headers: { 'x-source': 'parcours' } } },
        { id: 'done', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'done' },
      ],
    });
    await track('c', 'go');
    expect(h.db.select().from(messages).get()).toMatchObject({
      channel: 'webhook',
      node: 'call',
      status: 'pending',
      webhook: { url: 'https://crm.example.com/leads', method: 'POST', headers: { 'x-source': 'parcours' } },
    });
  });

  it('records a failed delivery with its reason', async () => {
    await publishScenario(h, delayScenario('s'));
    await track('c', 'go');
    await dispatchPending(h.db, async () => {
      throw new Error('connection refused');
    }, () => h.clock.now());
    expect(h.db.select().from(messages).get()).toMatchObject({ status: 'failed', reason: 'connection refused', attempts: 1 });
  });
});

describe('sends marked once', () => {
  it('a contact who re-enters months later, past every cap window, does not get the same template again', async () => {
    await publishScenario(h, {
      schemaVersion: 1,
      id: 'once',
      name: 'Once',
      settings: { reentry: { policy: 'always' }, consentRequired: { email: false } },
      templates: [{ id: 'offer', channel: 'email', subject: 'Offer', html: '<p>Offer</p>' }],
      nodes: [
        { id: 'bought', type: 'entry.event', config: { event: 'order_completed' } },
        { id: 'offer', type: 'action.email', config: { template: 'offer', once: true } },
        { id: 'end', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'bought', target: 'offer' },
        { id: 'e2', source: 'offer', target: 'end' },
      ],
    });
    await track('c', 'order_completed');
    h.clock.advance(180 * 86_400_000);
    await track('c', 'order_completed');
    const rows = h.db.select().from(messages).where(eq(messages.contactId, 'c')).all();
    expect(rows.map((m) => m.template)).toEqual(['offer']);
    const skipped = contactSteps(h.db, 'c').all().filter((s) => s.outcome === 'skipped');
    expect(skipped.map((s) => [s.node, s.reason])).toEqual([['offer', 'already received template offer']]);
  });
});
