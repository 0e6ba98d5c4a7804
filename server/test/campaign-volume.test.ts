import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newsletterJourney } from '../../test/support/newsletter.ts';
import { harness, indexesNamed, publishScenario, type Harness } from './helpers.ts';

/** Issue 14 §3: a campaign's volume floor and ceiling, with an order by a score, over HTTP on a real SQLite file. */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const RUN_AT = '2026-01-05T10:00:00.000Z';
type Person = [id: string, plan: string, score: unknown, consent?: boolean];

/** Contacts (plan, score when not undefined, email consent unless false), the journey (the newsletter unless given) and the "Pro" segment. */
async function setUp(people: Person[], journey: object = newsletterJourney()): Promise<string> {
  for (const [id, plan, score, consent = true] of people) {
    const attributes = { plan, email: `${id}@example.test`, ...(score === undefined ? {} : { score }) };
    expect((await h.call('PUT', `/contacts/${id}`, { attributes, consents: { email: consent } })).status).toBe(200);
  }
  await publishScenario(h, journey);
  const segment = await h.call('POST', '/segments', { name: 'Pro', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
  expect(segment.status).toBe(201);
  return segment.body.id;
}

const campaign = (segment: string, volume: unknown) => ({
  name: 'January news',
  segment,
  action: { kind: 'journey', scenario: 'newsletter' },
  schedule: { repeat: 'once', date: '2026-01-05', time: '10:00' },
  volume,
});

/** Creates the campaign and moves the clock past its run; returns the run's report. */
async function run(body: unknown): Promise<any> {
  const created = await h.call('POST', '/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await h.call('POST', '/clock', { to: RUN_AT })).status).toBe(200);
  const runs = (await h.call('GET', `/campaigns/${created.body.id}/runs`)).body.items;
  expect(runs).toHaveLength(1);
  return runs[0];
}

const enrolled = () =>
  (h.db.$client.prepare(`SELECT contact_id AS id FROM enrolments WHERE scenario_id = 'newsletter' ORDER BY contact_id`).all() as Array<{ id: string }>).map((e) => e.id);
const deliveries = () =>
  h.db.$client.prepare('SELECT contact_id AS id, status, reason, source, due_at AS dueAt FROM campaign_deliveries ORDER BY contact_id').all() as Array<{
    id: string;
    status: string;
    reason: string | null;
    source: string;
    dueAt: number;
  }>;

describe('campaign volume: validation', () => {
  it('refuses a bad volume with a 400 located on its field, and writes nothing', async () => {
    const segment = await setUp([['ann', 'pro', 1]]);
    const order = { attribute: 'score', direction: 'desc' };
    const cases: Array<[unknown, string]> = [
      [{ max: 5 }, 'volume.orderBy'],
      [{ min: 10, max: 5, orderBy: order }, 'volume.min'],
      [{ orderBy: order }, 'volume.min'],
      [{ max: 0, orderBy: order }, 'volume.max'],
      [{ min: 2.5, orderBy: order }, 'volume.min'],
      [{ max: 5, orderBy: { attribute: "score') --", direction: 'desc' } }, 'volume.orderBy.attribute'],
      [{ max: 5, orderBy: { attribute: 'score', direction: 'up' } }, 'volume.orderBy.direction'],
      [{ max: 5, orderBy: order, extra: 1 }, 'volume.extra'],
    ];
    for (const [volume, path] of cases) {
      const refused = await h.call('POST', '/campaigns', campaign(segment, volume));
      expect(refused.status, path).toBe(400);
      expect(refused.body.error.issues[0].path.join('.'), JSON.stringify(refused.body)).toBe(path);
    }
    expect((await h.call('GET', '/campaigns')).body.items).toEqual([]);
    expect(h.db.$client.prepare(`SELECT count(*) AS n FROM audit_log WHERE action LIKE 'campaign.%'`).get()).toEqual({ n: 0 });
    expect(indexesNamed(h.db, 'contacts_order_')).toEqual([]);
  });
});

describe('campaign volume: the ceiling', () => {
  const members: Person[] = [
    ['ann', 'pro', 10],
    ['bob', 'pro', 30],
    ['cid', 'pro', 20],
    ['dan', 'pro', 20],
    ['eve', 'pro', undefined],
    ['fay', 'pro', 'high'],
    ['gus', 'pro', 5],
    ['hal', 'pro', 20],
    ['ian', 'free', 99],
  ];

  it('keeps exactly the best-scored members (ties by contact id) and skips the others as over_ceiling', async () => {
    const segment = await setUp(members);
    const report = await run(campaign(segment, { max: 3, orderBy: { attribute: 'score', direction: 'desc' } }));
    // 30, then the three at 20 by id: cid and dan; hal, at 20 too, comes after dan.
    expect(enrolled()).toEqual(['bob', 'cid', 'dan']);
    expect(report).toMatchObject({ audience: 8, queued: 8, enrolled: 3, skipped: 5, pending: 0, widened: 0, overCeiling: 5, skippedBy: { over_ceiling: 5 } });
    expect(deliveries().filter((d) => d.reason === 'over_ceiling').map((d) => d.id)).toEqual(['ann', 'eve', 'fay', 'gus', 'hal']);
    expect(deliveries().every((d) => d.source === 'segment')).toBe(true);
    // The order's index was made with the campaign, and is what the run reads the contacts by.
    expect(indexesNamed(h.db, 'contacts_order_')).toEqual(['contacts_order_desc_score']);
  });

  it('ascending, the lowest values are the best; contacts without a number still rank last', async () => {
    const segment = await setUp(members);
    await run(campaign(segment, { max: 7, orderBy: { attribute: 'score', direction: 'asc' } }));
    // gus 5, ann 10, cid, dan and hal at 20, bob 30; then eve (no score) before fay (a text): the last, by id.
    expect(enrolled()).toEqual(['ann', 'bob', 'cid', 'dan', 'eve', 'gus', 'hal']);
  });

  it('walks the order in small slices across transactions (ties spanning slices) to the same top', async () => {
    // 40 members whose scores repeat (many ties), 20 outside the segment with better scores; a ceiling of 15.
    const people: Person[] = Array.from({ length: 60 }, (_, i) => [`c${String(i).padStart(2, '0')}`, i < 40 ? 'pro' : 'free', i < 40 ? (i * 7) % 5 : 100]);
    const segment = await setUp(people);
    const created = await h.call('POST', '/campaigns', campaign(segment, { max: 15, orderBy: { attribute: 'score', direction: 'desc' } }));
    expect((await h.call('POST', '/clock', { advance: '1m' })).status).toBe(200); // the segment's membership is computed
    h.clock.set(Date.parse(RUN_AT));
    // Transactions of 3 items: every walk slice stops mid-tie.
    while (h.runtime.runCampaigns(3) > 0);
    const best = people
      .filter(([, plan]) => plan === 'pro')
      .sort(([a, , x], [b, , y]) => (y as number) - (x as number) || a.localeCompare(b))
      .slice(0, 15)
      .map(([id]) => id);
    expect(enrolled()).toEqual(best.sort());
    const [report] = (await h.call('GET', `/campaigns/${created.body.id}/runs`)).body.items;
    expect(report).toMatchObject({ audience: 40, enrolled: 15, overCeiling: 25, widened: 0 });
  });

  it('a segment within the ceiling runs as without one', async () => {
    const segment = await setUp(members);
    const report = await run(campaign(segment, { max: 8, orderBy: { attribute: 'score', direction: 'desc' } }));
    expect(report).toMatchObject({ audience: 8, enrolled: 8, skipped: 0, overCeiling: 0, widened: 0 });
  });
});

/** Two members, then six contacts outside the segment in score order (c2 without consent, c6 without a score): the floor tests' people. */
const ranked: Person[] = [
  ['ann', 'pro', 1],
  ['bob', 'pro', undefined],
  ['c1', 'free', 90],
  ['c2', 'free', 80, false],
  ['c3', 'free', 70],
  ['c4', 'free', 60],
  ['c5', 'free', 50],
  ['c6', 'free', undefined],
];

describe('campaign volume: the floor', () => {
  it('widens to the next best-scored contacts outside the segment, passing over those without consent or suppressed', async () => {
    const segment = await setUp(ranked);
    // c3's address is on the suppression list.
    expect((await h.call('POST', '/suppressions', { channel: 'email', address: 'c3@example.test' })).status).toBe(201);
    const report = await run(campaign(segment, { min: 4, orderBy: { attribute: 'score', direction: 'desc' } }));
    expect(enrolled()).toEqual(['ann', 'bob', 'c1', 'c4']);
    expect(report).toMatchObject({ audience: 2, queued: 4, enrolled: 4, skipped: 0, widened: 2, overCeiling: 0 });
    expect(deliveries().map((d) => [d.id, d.source])).toEqual([
      ['ann', 'segment'],
      ['bob', 'segment'],
      ['c1', 'widened'],
      ['c4', 'widened'],
    ]);
    // The widened contacts' emails went out like the members': nothing held back.
    expect(report.heldBack).toEqual({});
    expect(report.messages).toEqual({ pending: 4 });
  });

  it('stops when nobody is left to add, short of the floor', async () => {
    const segment = await setUp(ranked);
    const report = await run(campaign(segment, { min: 20, max: 30, orderBy: { attribute: 'score', direction: 'desc' } }));
    // Everyone with consent: c2 has none; c6, without a score, comes last but comes.
    expect(enrolled()).toEqual(['ann', 'bob', 'c1', 'c3', 'c4', 'c5', 'c6']);
    expect(report).toMatchObject({ audience: 2, enrolled: 7, widened: 5 });
  });

  it('passes over a contact a frequency cap holds back', async () => {
    const segment = await setUp(ranked);
    // One email a week at most, everywhere; c1 had one just now, from another journey.
    expect((await h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }] })).status).toBe(200);
    await publishScenario(h, { ...newsletterJourney(), id: 'welcome', name: 'Welcome' });
    expect((await h.call('POST', '/scenarios/welcome/enrol', { contactId: 'c1' })).body).toEqual({ enrolled: true });
    const report = await run(campaign(segment, { min: 3, orderBy: { attribute: 'score', direction: 'desc' } }));
    // c2 has no consent; c3 comes next.
    expect(enrolled()).toEqual(['ann', 'bob', 'c3']);
    expect(report.widened).toBe(1);
  });
});

describe('campaign volume: widening and the journey\'s entry rule', () => {
  const order = { attribute: 'score', direction: 'desc' };
  /** The newsletter with an hour's rest in it (a contact entered less than an hour ago is still in it) and these entry settings. */
  const journey = (settings: object) => ({ ...newsletterJourney('1h'), settings });
  const enrol = async (id: string) => expect((await h.call('POST', '/scenarios/newsletter/enrol', { contactId: id })).body).toEqual({ enrolled: true });
  /** The contacts the campaign's runs started, and the runs' one report. */
  const started = () =>
    (h.db.$client.prepare(`SELECT contact_id AS id FROM enrolments WHERE trigger LIKE 'campaign:%' ORDER BY contact_id`).all() as Array<{ id: string }>).map((e) => e.id);
  const status = (id: string) => (h.db.$client.prepare(`SELECT status FROM enrolments WHERE contact_id = ? ORDER BY id DESC`).get(id) as { status: string }).status;

  it('passes over the contacts in the journey or not allowed to enter it again ("once"), and still meets the floor', async () => {
    const segment = await setUp(ranked, journey({ reentry: { policy: 'never' } }));
    // c3 went through the journey this morning; c1 entered half an hour before the run and is still in it.
    await enrol('c3');
    expect((await h.call('POST', '/clock', { to: '2026-01-05T09:30:00.000Z' })).status).toBe(200);
    expect(status('c3')).toBe('exited');
    await enrol('c1');
    const report = await run(campaign(segment, { min: 4, orderBy: order }));
    // c1 (in the journey), c2 (no consent) and c3 (once only) are passed over: c4 and c5 make up the floor.
    expect(deliveries().map((d) => [d.id, d.source, d.status])).toEqual([
      ['ann', 'segment', 'enrolled'],
      ['bob', 'segment', 'enrolled'],
      ['c4', 'widened', 'enrolled'],
      ['c5', 'widened', 'enrolled'],
    ]);
    expect(started()).toEqual(['ann', 'bob', 'c4', 'c5']);
    expect(report).toMatchObject({ audience: 2, queued: 4, enrolled: 4, skipped: 0, pending: 0, widened: 2, skippedBy: {} });
  });

  it('takes a contact in the journey when its re-trigger choice restarts the run', async () => {
    const segment = await setUp(ranked, journey({ reentry: { policy: 'never' }, retrigger: { mode: 'restart' } }));
    await enrol('c3');
    expect((await h.call('POST', '/clock', { to: '2026-01-05T09:30:00.000Z' })).status).toBe(200);
    await enrol('c1');
    const report = await run(campaign(segment, { min: 4, orderBy: order }));
    // The start restarts c1's run; c3, who finished it, may still not enter again.
    expect(started()).toEqual(['ann', 'bob', 'c1', 'c4']);
    expect(report).toMatchObject({ enrolled: 4, skipped: 0, widened: 2 });
  });

  it('judges a re-entry delay at the instant the contact is due in the spread run', async () => {
    // Entering again 4 hours after the last entry; the journey ends at once (no rest).
    const segment = await setUp(ranked, { ...newsletterJourney(), settings: { reentry: { policy: 'after', after: '4h' } } });
    await enrol('c1'); // at 08:00: may enter again from 12:00
    expect((await h.call('POST', '/clock', { to: '2026-01-05T09:30:00.000Z' })).status).toBe(200);
    await enrol('c3'); // at 09:30: may enter again from 13:30
    // Four starts spread over 4 hours from 10:00: one an hour, the third at 12:00 and the fourth at 13:00.
    const created = await h.call('POST', '/campaigns', { ...campaign(segment, { min: 4, orderBy: order }), spread: '4h' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await h.call('POST', '/clock', { to: RUN_AT })).status).toBe(200);
    // c1, not allowed in at 10:00, is by its own instant (12:00); c3 would not be by 13:00, so c4 is taken instead.
    expect(deliveries().map((d) => [d.id, new Date(d.dueAt).toISOString().slice(11, 16)])).toEqual([
      ['ann', '10:00'],
      ['bob', '11:00'],
      ['c1', '12:00'],
      ['c4', '13:00'],
    ]);
    expect((await h.call('POST', '/clock', { to: '2026-01-05T14:00:00.000Z' })).status).toBe(200);
    expect(started()).toEqual(['ann', 'bob', 'c1', 'c4']);
    const [report] = (await h.call('GET', `/campaigns/${created.body.id}/runs`)).body.items;
    expect(report).toMatchObject({ audience: 2, queued: 4, enrolled: 4, skipped: 0, pending: 0, widened: 2 });
  });

  it('a widened contact who enters the journey before their instant is skipped then, and the report says so', async () => {
    // Three hours in the journey, once only; four starts spread over 4 hours from 10:00.
    const segment = await setUp(ranked, { ...newsletterJourney('3h'), settings: { reentry: { policy: 'never' } } });
    const created = await h.call('POST', '/campaigns', { ...campaign(segment, { min: 4, orderBy: order }), spread: '4h' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await h.call('POST', '/clock', { to: RUN_AT })).status).toBe(200);
    expect(deliveries().map((d) => [d.id, d.source])).toEqual([
      ['ann', 'segment'],
      ['bob', 'segment'],
      ['c1', 'widened'],
      ['c3', 'widened'],
    ]);
    // c3, due at 13:00, enters the journey another way at 10:30: widening could not know it.
    expect((await h.call('POST', '/clock', { to: '2026-01-05T10:30:00.000Z' })).status).toBe(200);
    await enrol('c3');
    expect((await h.call('POST', '/clock', { to: '2026-01-05T14:00:00.000Z' })).status).toBe(200);
    expect(started()).toEqual(['ann', 'bob', 'c1']);
    const [report] = (await h.call('GET', `/campaigns/${created.body.id}/runs`)).body.items;
    expect(report).toMatchObject({ audience: 2, queued: 4, enrolled: 3, skipped: 1, pending: 0, widened: 2, skippedBy: { in_journey: 1 } });
  });
});
