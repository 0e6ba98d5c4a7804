import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { advanceClock } from '../src/runtime/advance-clock.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { newsletterJourney } from '../../test/support/newsletter.ts';
import { harness, publishScenario, START, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (at: number) => new Date(at).toISOString();
const upsert = (id: string, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => h.call('PUT', `/contacts/${id}`, { attributes, ...extra });
const advance = (by: string) => h.call('POST', '/clock', { advance: by });
const moveTo = (at: number) => h.call('POST', '/clock', { to: iso(at) });


async function setUp(members: string[], others: string[] = []): Promise<string> {
  for (const id of members) expect((await upsert(id, { plan: 'pro', email: `${id}@example.test` }, { consents: { email: true } })).status).toBe(200);
  for (const id of others) expect((await upsert(id, { plan: 'free', email: `${id}@example.test` }, { consents: { email: true } })).status).toBe(200);
  // Ten days in the journey: a start a week later finds the contact still in it.
  await publishScenario(h, newsletterJourney('10d'));
  const segment = await h.call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
  expect(segment.status).toBe(201);
  return segment.body.id;
}

const campaign = (segment: string, overrides: Record<string, unknown> = {}) => ({
  name: 'January news',
  segment,
  action: { kind: 'journey', scenario: 'newsletter' },
  schedule: { repeat: 'once', date: '2026-01-05', time: '10:00' },
  timeZone: 'UTC',
  ...overrides,
});

async function create(body: unknown): Promise<any> {
  const created = await h.call('POST', '/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

const enrolled = (db = h.db) =>
  (db.$client.prepare(`SELECT contact_id AS id, "trigger", entered_at AS at FROM enrolments WHERE scenario_id = 'newsletter' ORDER BY entered_at, contact_id`).all() as Array<{ id: string; trigger: string; at: number }>);
const runs = async (id: string) => (await h.call('GET', `/campaigns/${id}/runs`)).body.items;

describe('campaigns: validation', () => {
  it('refuses a bad campaign with a located 400 and writes nothing', async () => {
    const segment = await setUp(['ann']);
    const cases: Array<[Record<string, unknown>, string]> = [
      [campaign('seg-nope'), 'segment'],
      [campaign(segment, { action: { kind: 'journey', scenario: 'nope' } }), 'action.scenario'],
      [campaign(segment, { schedule: { repeat: 'daily', time: '25:00' } }), 'schedule.time'],
      [campaign(segment, { schedule: { repeat: 'once', date: '2026-01-04', time: '10:00' } }), 'schedule.date'],
      [campaign(segment, { schedule: { repeat: 'monthly', day: 32, time: '10:00' } }), 'schedule.day'],
      [campaign(segment, { timeZone: 'Mars/Olympus' }), 'timeZone'],
      [campaign(segment, { spread: '2d' }), 'spread'],
      [campaign(segment, { spread: 'soon' }), 'spread'],
      [{ ...campaign(segment), extra: true }, 'extra'],
    ];
    for (const [body, path] of cases) {
      const refused = await h.call('POST', '/campaigns', body);
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.issues[0].path.join('.'), JSON.stringify(refused.body)).toBe(path);
    }
    expect((await h.call('GET', '/campaigns')).body.items).toEqual([]);
    expect(h.db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'campaign.%'`).get()).toEqual({ n: 0 });
  });
});

describe('campaigns: running on the clock', () => {
  it('a once campaign starts the journey for exactly the members of the segment, and reports it', async () => {
    const segment = await setUp(['ann', 'bob', 'cid'], ['dan']);
    await upsert('cid', {}, { consents: { email: false } });
    await upsert('eve', { plan: 'pro' });
    const created = await create(campaign(segment));
    expect(created).toMatchObject({ status: 'active', nextRunAt: iso(Date.parse('2026-01-05T10:00:00Z')) });
    await moveTo(Date.parse('2026-01-05T09:59:00Z'));
    expect(enrolled()).toEqual([]);

    await moveTo(Date.parse('2026-01-05T10:00:00Z'));
    expect(enrolled().map((e) => e.id)).toEqual(['ann', 'bob', 'cid', 'eve']);
    expect(new Set(enrolled().map((e) => e.trigger)).size).toBe(1);
    const [run] = await runs(created.id);
    expect(run).toMatchObject({ day: '2026-01-05', audience: 4, queued: 4, enrolled: 4, skipped: 0, pending: 0, skippedBy: {} });
    expect(run.finishedAt).toBeDefined();
    // cid withdrew email consent, eve never gave it: the engine's pressure rules held their emails back.
    expect(run.heldBack).toEqual({ 'skipped:consent': 2 });
    expect(run.messages).toEqual({ pending: 2 });
    expect((await h.call('GET', `/campaigns/${created.id}`)).body).toMatchObject({ status: 'completed' });
    expect((await h.call('GET', `/campaigns/${created.id}`)).body.nextRunAt).toBeUndefined();

    // Nothing more happens: a once campaign has one run.
    await advance('3d');
    expect(await runs(created.id)).toHaveLength(1);
    expect(h.db.$client.prepare(`SELECT action FROM audit_log WHERE action LIKE 'campaign.%'`).all()).toEqual([{ action: 'campaign.create' }]);
  });

  it('a recurring campaign computes its next run, and a member still in the journey is skipped with the reason', async () => {
    const segment = await setUp(['ann', 'bob']);
    const created = await create(campaign(segment, { schedule: { repeat: 'weekly', weekday: 'mon', time: '10:00' }, timeZone: 'Europe/Paris' }));
    // 2026-01-05 is a Monday; 10:00 in Paris is 09:00 UTC in winter.
    expect(created.nextRunAt).toBe('2026-01-05T09:00:00.000Z');
    await moveTo(Date.parse('2026-01-05T09:00:00Z'));
    expect((await h.call('GET', `/campaigns/${created.id}`)).body).toMatchObject({ status: 'active', nextRunAt: '2026-01-12T09:00:00.000Z' });

    // A week later both are still in the journey's ten-day wait (re-entry "always" opens once a run has ended).
    await moveTo(Date.parse('2026-01-12T09:00:00Z'));
    const [second, first] = await runs(created.id);
    expect(first).toMatchObject({ day: '2026-01-05', enrolled: 2 });
    expect(second).toMatchObject({ day: '2026-01-12', audience: 2, enrolled: 0, skipped: 2, skippedBy: { in_journey: 2 } });
    expect((await h.call('GET', `/campaigns/${created.id}`)).body.nextRunAt).toBe('2026-01-19T09:00:00.000Z');
  });

  it("at each contact's local time: two zones, two instants; a zone whose time had passed is skipped", async () => {
    const segment = await setUp(['paris', 'newyork', 'tokyo', 'nozone']);
    await upsert('paris', {}, { timeZone: 'Europe/Paris' });
    await upsert('newyork', {}, { timeZone: 'America/New_York' });
    await upsert('tokyo', {}, { timeZone: 'Asia/Tokyo' });
    // Created at 08:00 UTC on the day: the run starts at once for the zones still before 10:00.
    const created = await create(campaign(segment, { schedule: { repeat: 'daily', time: '10:00' }, timeZone: 'Europe/London', localTime: true }));
    expect(created.nextRunAt).toBe(iso(START));
    await advance('1m');
    expect(enrolled()).toEqual([]);
    await moveTo(Date.parse('2026-01-05T09:00:00Z'));
    expect(enrolled().map((e) => [e.id, iso(e.at)])).toEqual([['paris', '2026-01-05T09:00:00.000Z']]);
    await moveTo(Date.parse('2026-01-05T16:00:00Z'));
    expect(enrolled().map((e) => [e.id, iso(e.at)])).toEqual([
      ['paris', '2026-01-05T09:00:00.000Z'],
      ['nozone', '2026-01-05T10:00:00.000Z'],
      ['newyork', '2026-01-05T15:00:00.000Z'],
    ]);
    const [run] = await runs(created.id);
    expect(run).toMatchObject({ audience: 4, enrolled: 3, skipped: 1, skippedBy: { local_time_passed: 1 } });
    // The next day's run starts when the zone furthest ahead (UTC+14) reaches 10:00.
    expect((await h.call('GET', `/campaigns/${created.id}`)).body.nextRunAt).toBe('2026-01-05T20:00:00.000Z');
  });

  it('spreading paces the members evenly over the window', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `c${i}`);
    const segment = await setUp(ids);
    const created = await create(campaign(segment, { spread: '1h' }));
    const start = Date.parse('2026-01-05T10:00:00Z');
    await moveTo(start + 29 * MINUTE);
    expect(enrolled()).toHaveLength(5);
    expect((await runs(created.id))[0]).toMatchObject({ enrolled: 5, pending: 5 });
    // A member still to start who is erased is no longer to start.
    expect((await h.call('DELETE', '/contacts/c9')).status).toBeLessThan(300);
    expect((await runs(created.id))[0]).toMatchObject({ enrolled: 5, pending: 4 });
    await moveTo(start + HOUR);
    expect(enrolled().map((e) => e.at - start)).toEqual(ids.slice(0, 9).map((_, i) => i * 6 * MINUTE));
    expect((await runs(created.id))[0]).toMatchObject({ enrolled: 9, pending: 0 });
  });

  it('a restart mid-run starts nobody twice and misses nobody', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `c${String(i).padStart(3, '0')}`);
    const segment = await setUp(ids);
    const created = await create(campaign(segment, { spread: '10m' }));
    await advance('1m'); // the segment's membership is computed
    h.clock.set(Date.parse('2026-01-05T10:05:00Z'));
    // A few short transactions of work, then the process dies mid-copy of the audience: what they committed remains.
    for (let i = 0; i < 3; i++) h.runtime.runCampaigns(30);
    expect(enrolled()).toEqual([]);
    const queued = () => (h.db.$client.prepare('SELECT queued FROM campaign_runs').get() as { queued: number }).queued;
    expect(queued()).toBeGreaterThan(0);
    expect(queued()).toBeLessThan(120);

    // Started again, it finishes the copy and starts some members, then dies again.
    const second = h.database.open();
    const secondRuntime = new Runtime(second, h.clock);
    for (let i = 0; i < 3; i++) secondRuntime.runCampaigns(30);
    second.$client.close();
    const before = enrolled().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(120);

    const db = h.database.open();
    try {
      advanceClock(new Runtime(db, h.clock), h.clock, Date.parse('2026-01-05T11:00:00Z'));
      const after = enrolled(db);
      expect(after.map((e) => e.id).sort()).toEqual(ids);
      const run = db.$client.prepare('SELECT queued, enrolled, skipped, finished_at AS finishedAt FROM campaign_runs WHERE campaign_id = ?').get(created.id) as Record<string, number>;
      expect(run).toMatchObject({ queued: 120, enrolled: 120, skipped: 0 });
      expect(run.finishedAt).not.toBeNull();
    } finally {
      db.$client.close();
    }
  });
});

describe('campaigns and their segment', () => {
  it('keeps a segment a campaign still has to run on from being deleted, and lets it go once the campaign is cancelled', async () => {
    const segment = await setUp(['ann']);
    const created = await create(campaign(segment));
    const refused = await h.call('DELETE', `/segments/${segment}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain(created.id);
    expect((await h.call('POST', `/campaigns/${created.id}/cancel`)).status).toBe(200);
    expect((await h.call('DELETE', `/segments/${segment}`)).status).toBe(204);
  });
});

describe('campaigns: pause, resume, cancel', () => {
  it('a paused campaign starts nobody until resumed; a cancelled one skips the members not started yet; each change audited once', async () => {
    const segment = await setUp(['ann', 'bob', 'cid', 'dan']);
    const created = await create(campaign(segment, { spread: '1h' }));
    await moveTo(Date.parse('2026-01-05T10:00:00Z'));
    expect(enrolled()).toHaveLength(1);
    expect((await h.call('POST', `/campaigns/${created.id}/pause`)).body).toMatchObject({ status: 'paused' });
    expect((await h.call('POST', `/campaigns/${created.id}/pause`)).status).toBe(200); // no change, no entry
    await moveTo(Date.parse('2026-01-05T10:20:00Z'));
    expect(enrolled()).toHaveLength(1);
    expect((await h.call('POST', `/campaigns/${created.id}/resume`)).body).toMatchObject({ status: 'active' });
    await advance('1m');
    expect(enrolled()).toHaveLength(2);
    expect((await h.call('POST', `/campaigns/${created.id}/cancel`)).body).toMatchObject({ status: 'cancelled' });
    await moveTo(Date.parse('2026-01-05T12:00:00Z'));
    expect(enrolled()).toHaveLength(2);
    expect((await runs(created.id))[0]).toMatchObject({ enrolled: 2, skipped: 2, skippedBy: { cancelled: 2 } });
    expect((await h.call('POST', `/campaigns/${created.id}/resume`)).status).toBe(409);
    const actions = h.db.$client.prepare(`SELECT action FROM audit_log WHERE action LIKE 'campaign.%' ORDER BY id`).all();
    expect(actions.map((a: any) => a.action)).toEqual(['campaign.create', 'campaign.pause', 'campaign.resume', 'campaign.cancel']);
  });
});
