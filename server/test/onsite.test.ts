import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, type Harness } from './helpers.ts';
import { fromPage, page, siteKey } from './site-helpers.ts';

const HOUR = 3_600_000;

/**
 * A product view places two items in `hero`: a standing offer (priority 0, 3 days) and a flash offer above it
 * (priority 5, 2 hours, at most 2 impressions a day); then the journey waits for a click on either.
 */
function offers(settings: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    id: 'offers',
    name: 'On-site offers',
    settings,
    nodes: [
      { id: 'viewed', type: 'entry.event', config: { event: 'page_viewed', where: [{ property: 'category', op: 'eq', value: 'product' }] } },
      { id: 'standing', type: 'action.onsite', config: { placement: 'hero', content: '<p>Still thinking about {{ event.product }}?</p>', expires: '3d' } },
      { id: 'flash', type: 'action.onsite', config: { placement: 'hero', content: '<p>{{ event.product }}: 10% off for two hours</p>', priority: 5, expires: '2h', maxImpressionsPerDay: 2 } },
      { id: 'clicked', type: 'wait.event', config: { event: 'onsite_clicked', timeout: '7d' } },
      { id: 'won', type: 'flow.goal', config: {} },
      { id: 'done', type: 'flow.exit', config: {} },
    ],
    edges: [
      { id: 'e1', source: 'viewed', sourceHandle: 'next', target: 'standing' },
      { id: 'e2', source: 'standing', sourceHandle: 'next', target: 'flash' },
      { id: 'e3', source: 'flash', sourceHandle: 'next', target: 'clicked' },
      { id: 'e4', source: 'clicked', sourceHandle: 'happened', target: 'won' },
      { id: 'e5', source: 'clicked', sourceHandle: 'timedOut', target: 'done' },
    ],
  };
}

describe('on-site placements and /api/decide', () => {
  let h: Harness;
  let key: string;
  const collect = (visitor: string, batch: unknown[]) => fromPage(h, 'POST', '/collect', { key, body: { anonymousId: visitor, batch } });
  const decide = async (visitor: string, placements = ['hero', 'footer']) => {
    const answer = await fromPage(h, 'POST', '/decide', { key, body: { anonymousId: visitor, placements } });
    expect(answer.status).toBe(200);
    return answer.body.placements;
  };
  const productView = page('/p/lamp', { properties: { category: 'product', product: '<Lamp & co>' } });

  beforeEach(async () => {
    h = harness();
    key = await siteKey(h, { visitorPerMinute: 1000 });
  });
  afterEach(() => h.close());

  it('shows the eligible item of highest priority, escaped, then the next once the daily impressions are spent or it expired', async () => {
    await publishScenario(h, offers());
    expect(await decide('v1')).toEqual({ hero: null, footer: null }); // unknown visitor
    expect((await collect('v1', [{ type: 'consent', personalisation: true }, productView])).status).toBe(200);

    const first = await decide('v1');
    expect(first.footer).toBeNull();
    expect(first.hero).toMatchObject({ placement: 'hero', format: 'html', content: '<p>&lt;Lamp &amp; co&gt;: 10% off for two hours</p>' });
    const flash = first.hero.id;
    await collect('v1', [{ type: 'impression', placement: 'hero', item: flash }]);
    expect((await decide('v1')).hero.id).toBe(flash);
    await collect('v1', [{ type: 'impression', placement: 'hero', item: flash }]);
    // Two impressions today: the flash offer rests, the standing one shows.
    const standing = (await decide('v1')).hero;
    expect(standing).toMatchObject({ content: '<p>Still thinking about &lt;Lamp &amp; co&gt;?</p>' });
    expect(standing.id).not.toBe(flash);
    h.clock.advance(3 * HOUR); // the flash offer expired; the standing one is still there
    expect((await decide('v1')).hero.id).toBe(standing.id);
    h.clock.advance(3 * 24 * HOUR);
    expect((await decide('v1')).hero).toBeNull();

    // GET answers the same, for a page that only reads.
    const read = await fromPage(h, 'GET', '/decide?anonymousId=v1&placements=hero', { key });
    expect(read.body).toEqual({ placements: { hero: null } });
  });

  it('places nothing without consent for personalisation, and shows nothing once it is withdrawn', async () => {
    await publishScenario(h, offers());
    await collect('v2', [productView]);
    expect((await decide('v2')).hero).toBeNull();
    const timeline = await h.call('GET', '/contacts/anon:v2/timeline');
    expect(timeline.body.items.filter((i: { kind: string; outcome?: string }) => i.kind === 'step' && i.outcome === 'skipped').map((i: { reason: string }) => i.reason)).toEqual(['no consent for onsite', 'no consent for onsite']);

    await collect('v3', [{ type: 'consent', personalisation: true }, productView]);
    expect((await decide('v3')).hero).not.toBeNull();
    await collect('v3', [{ type: 'consent', personalisation: false }]);
    expect((await decide('v3')).hero).toBeNull();
  });

  it('holds on-site items to frequency caps on the onsite channel, and not to quiet hours', async () => {
    await publishScenario(h, offers({ frequencyCaps: [{ channel: 'onsite', max: 1, per: '1d' }], quietHours: { start: '00:00', end: '23:59' } }));
    await collect('v4', [{ type: 'consent', personalisation: true }, productView]);
    const steps = (await h.call('GET', '/contacts/anon:v4/timeline')).body.items.filter((i: { kind: string; node?: string }) => i.kind === 'step' && (i.node === 'standing' || i.node === 'flash'));
    expect(steps.map((s: { node: string; outcome: string }) => `${s.node} ${s.outcome}`)).toEqual(['standing sent', 'flash skipped']);
    expect((await decide('v4')).hero.content).toContain('Still thinking');
  });

  it('turns impressions and clicks into events of the visitor that journeys react to; identify carries the items over', async () => {
    await publishScenario(h, offers());
    await collect('v5', [{ type: 'consent', personalisation: true }, productView]);
    const { id } = (await decide('v5')).hero;
    // An id that is not this visitor's counts nothing and records nothing.
    await collect('v6', [{ type: 'click', placement: 'hero', item: id }]);
    expect((await h.call('GET', '/contacts/anon:v6/timeline')).body.items).toEqual([]);

    await collect('v5', [{ type: 'identify', userId: 'ada', traits: {} }]);
    expect((await decide('v5')).hero.id).toBe(id); // the same anonymous id now resolves to ada, and her items
    await collect('v5', [{ type: 'impression', placement: 'hero', item: id }, { type: 'click', placement: 'hero', item: id }]);
    const events = (await h.call('GET', '/contacts/ada/timeline')).body.items.filter((i: { kind: string }) => i.kind === 'event');
    expect(events.map((e: { event: string }) => e.event)).toEqual(['page_viewed', 'onsite_impression', 'onsite_clicked']);
    expect(events[2].properties).toEqual({ placement: 'hero', item: id, scenarioId: 'offers', node: 'flash' });
    const enrolments = h.db.$client.prepare(`SELECT status FROM enrolments WHERE contact_id = 'ada'`).all();
    expect(enrolments).toEqual([{ status: 'converted' }]);
  });

  it('refuses a bad decide request with the field path, and another origin', async () => {
    const bad = await fromPage(h, 'POST', '/decide', { key, body: { anonymousId: 'v7', placements: ['no spaces'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['placements', 0]);
    const elsewhere = await fromPage(h, 'POST', '/decide', { key, origin: 'https://evil.example', body: { anonymousId: 'v7', placements: ['hero'] } });
    expect(elsewhere.status).toBe(403);
  });
});
