import { afterEach, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { readConfig } from '../src/config.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { dispatchPending } from '../src/runtime/dispatcher.ts';
import { Retention } from '../src/runtime/retention.ts';
import { firstReceipt } from '../src/store/feedback.ts';
import { firstTimeReply } from '../src/store/consent-requests.ts';
import { harness, publishScenario, type Harness } from './helpers.ts';

const DAY = 86_400_000;
const email = (id: string) => ({ id, channel: 'email', subject: id, html: `<p>${id}</p>` });

/** visit → welcome (once) → news → did the contact order within 365 days? → exit either way. */
const loyal = {
  schemaVersion: 1,
  id: 'loyal',
  name: 'Loyal',
  settings: { reentry: { policy: 'always' }, consentRequired: { email: false, sms: false, push: false } },
  templates: [email('welcome'), email('news')],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'visit' } },
    { id: 'welcome', type: 'action.email', config: { template: 'welcome', once: true } },
    { id: 'news', type: 'action.email', config: { template: 'news' } },
    { id: 'ordered', type: 'branch.condition', config: { condition: { event: 'ordered', within: '365d' } } },
    { id: 'customer', type: 'flow.exit', config: {} },
    { id: 'prospect', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'welcome' },
    { id: 'e2', source: 'welcome', target: 'news' },
    { id: 'e3', source: 'news', target: 'ordered' },
    { id: 'e4', source: 'ordered', sourceHandle: 'yes', target: 'customer' },
    { id: 'e5', source: 'ordered', sourceHandle: 'no', target: 'prospect' },
  ],
};

let h: Harness;
afterEach(() => h.close());

const rows = (sql: string) => h.db.$client.prepare(sql).all() as Array<Record<string, unknown>>;
const count = (table: string) => (h.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('retention', () => {
  it('prunes old trace rows and delivered messages, keeps the counts and what live rules read', async () => {
    h = harness();
    await publishScenario(h, loyal);
    const deliver = createDeliver({ db: h.db, channels: createChannels(loadChannelConfig({})) });
    await h.call('PUT', '/contacts/ana', { attributes: { email: 'ana@example.test' } });
    await h.call('POST', '/track', { userId: 'ana', event: 'ordered' });
    await h.call('POST', '/track', { userId: 'ana', event: 'browsed' });
    await h.call('POST', '/track', { userId: 'ana', event: 'visit' });
    expect(await dispatchPending(h.db, deliver, () => h.clock.now())).toBe(2);
    expect(rows('SELECT status FROM messages')).toEqual([{ status: 'sandboxed' }, { status: 'sandboxed' }]);
    // Bob's messages are never delivered: pending rows stay, however old.
    await h.call('POST', '/track', { userId: 'bob', event: 'visit' });
    const stats = async () => (await h.call('GET', '/scenarios/loyal/versions/1/stats')).body;
    const before = await stats();
    expect(before.nodes.ordered).toMatchObject({ entered: 2, exited: 0 });
    expect(before.outputs.ordered).toEqual({ yes: { taken: 1, converted: 0 }, no: { taken: 1, converted: 0 } });

    // 200 days on: past the trace's 90 and the messages' 180, within the events' 365-day window.
    h.clock.advance(200 * DAY);
    // Batches of 2 rows: a pass takes several batches per table.
    const retention = new Retention(h.db, h.clock, { eventsDays: 100, stepsDays: 90, messagesDays: 180 }, 2);
    const steps = count('steps');
    const deleted = retention.pruneAll();
    expect(count('steps')).toBe(0);
    expect(await stats()).toEqual(before);
    // The news went; the welcome stays for `once`, bob's pending ones stay for delivery.
    expect(rows('SELECT contact_id AS who, template, status FROM messages ORDER BY id')).toEqual([
      { who: 'ana', template: 'welcome', status: 'sandboxed' },
      { who: 'bob', template: 'welcome', status: 'pending' },
      { who: 'bob', template: 'news', status: 'pending' },
    ]);
    // 100 days of events asked for, but a live condition looks 365 days back.
    expect(rows('SELECT name FROM events ORDER BY id').map((e) => e.name)).toEqual(['ordered', 'browsed', 'visit', 'visit']);
    expect(deleted).toBe(steps + 1);

    // Ana comes back: `once` still holds back the welcome, the condition still sees her order.
    await h.call('POST', '/track', { userId: 'ana', event: 'visit' });
    const trace = (await h.call('GET', '/contacts/ana/timeline')).body.items.filter((i: { kind: string }) => i.kind === 'step');
    expect(trace.find((s: { node: string }) => s.node === 'welcome')).toMatchObject({ outcome: 'skipped', rule: 'repeat' });
    expect(trace.find((s: { node: string }) => s.node === 'ordered')).toMatchObject({ output: 'yes' });

    // 370 days on: the order has left every window; events go too (a condition with a window only).
    h.clock.advance(170 * DAY);
    retention.pruneAll();
    expect(rows('SELECT name FROM events ORDER BY id').map((e) => e.name)).toEqual(['visit']);
  });

  it('keeps the events a condition without a window counts, and everything when told to keep it for good', async () => {
    h = harness();
    const ever = { ...loyal, id: 'ever', nodes: loyal.nodes.map((n) => (n.id === 'ordered' ? { ...n, config: { condition: { event: 'ordered' } } } : n)) };
    await publishScenario(h, ever);
    await h.call('POST', '/track', { userId: 'ana', event: 'ordered' });
    await h.call('POST', '/track', { userId: 'ana', event: 'browsed' });
    h.clock.advance(1000 * DAY);
    new Retention(h.db, h.clock, { eventsDays: 0, stepsDays: 0, messagesDays: 0 }).pruneAll();
    expect(count('events')).toBe(2);
    new Retention(h.db, h.clock, { eventsDays: 30, stepsDays: 30, messagesDays: 30 }).pruneAll();
    expect(rows('SELECT name FROM events').map((e) => e.name)).toEqual(['ordered']);
  });

  it("keeps the events a saved segment's windowed condition still counts, with no journey reading them", async () => {
    h = harness();
    expect((await h.call('POST', '/segments', { name: 'Recent buyers', condition: { event: 'ordered', within: '60d' } })).status).toBe(201);
    await h.call('POST', '/track', { userId: 'ana', event: 'ordered' });
    await h.call('POST', '/track', { userId: 'ana', event: 'browsed' });
    h.clock.advance(40 * DAY);
    // 40 days on: past the events' 30-day retention, within the segment's 60-day window, which raises it.
    const settings = { eventsDays: 30, stepsDays: 30, messagesDays: 30 };
    new Retention(h.db, h.clock, settings).pruneAll();
    expect(rows('SELECT name FROM events ORDER BY id').map((e) => e.name)).toEqual(['ordered', 'segment_entered', 'browsed']);
    h.clock.advance(30 * DAY);
    new Retention(h.db, h.clock, settings).pruneAll();
    expect(count('events')).toBe(0);
  });

  it('forgets delivery feedback receipts once their replay window (a day at most) has passed, whatever the other settings', () => {
    h = harness();
    const now = h.clock.now();
    expect(firstReceipt(h.db, 'mailer', 'old', now - 2 * DAY)).toBe(true);
    expect(firstReceipt(h.db, 'mailer', 'recent', now - DAY / 2)).toBe(true);
    new Retention(h.db, h.clock, { eventsDays: 0, stepsDays: 0, messagesDays: 0 }).pruneAll();
    expect(rows('SELECT delivery_id AS id FROM feedback_receipts')).toEqual([{ id: 'recent' }]);
    // Within the window, a replay is still recognised.
    expect(firstReceipt(h.db, 'mailer', 'recent', now)).toBe(false);
  });

  it('forgets text message reply ids once their replay window has passed, like feedback receipts', () => {
    h = harness();
    const now = h.clock.now();
    expect(firstTimeReply(h.db, 'texter', 'old', now - 2 * DAY)).toBe(true);
    expect(firstTimeReply(h.db, 'texter', 'recent', now - DAY / 2)).toBe(true);
    new Retention(h.db, h.clock, { eventsDays: 0, stepsDays: 0, messagesDays: 0 }).pruneAll();
    expect(rows('SELECT reply_id AS id FROM sms_replies')).toEqual([{ id: 'recent' }]);
    expect(firstTimeReply(h.db, 'texter', 'recent', now)).toBe(false);
  });

  it('reads its settings from the environment, refusing a bad value by name', () => {
    expect(readConfig({}).retention).toEqual({ eventsDays: 400, stepsDays: 90, messagesDays: 180 });
    expect(readConfig({ PARCOURS_RETAIN_STEPS_DAYS: '0', PARCOURS_RETAIN_EVENTS_DAYS: '30' }).retention).toEqual({ eventsDays: 30, stepsDays: 0, messagesDays: 180 });
    expect(() => readConfig({ PARCOURS_RETAIN_MESSAGES_DAYS: '-1' })).toThrow(/PARCOURS_RETAIN_MESSAGES_DAYS/);
  });
});
