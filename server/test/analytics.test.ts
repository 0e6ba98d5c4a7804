import { afterEach, describe, expect, it } from 'vitest';
import { FunnelSchema, JourneyAnalyticsSchema, ScenarioActivitySchema } from '@parcours/shared';
import { contactsByArm, splitJourney } from './fixtures/split-journey.ts';
import { createChannels, loadChannelConfig, type Channels } from '../src/channels/index.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { Dispatcher } from '../src/runtime/dispatcher.ts';
import { startHttpServer } from './channels/servers.ts';
import { harness, publishScenario, runTimersUntil, START, type Harness } from './helpers.ts';

/** The journey analytics over HTTP, after steps at known virtual times (START is Monday 2026-01-05 08:00 UTC). */
const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(() => h?.close());

const scenario = splitJourney('offer', 'Offer');

async function enter(contacts: string[]) {
  for (const id of contacts) {
    expect((await h!.call('PUT', `/contacts/${id}`, { attributes: { email: `${id}@example.com` }, consents: { email: true } })).status).toBe(200);
    expect((await h!.call('POST', '/track', { userId: id, event: 'go' })).status).toBeLessThan(300);
  }
}

async function buy(contacts: string[], revenue: number | string) {
  for (const id of contacts) expect((await h!.call('POST', '/track', { userId: id, event: 'buy', properties: { revenue } })).status).toBeLessThan(300);
}

/**
 * Monday 5th: 6 + 6 contacts enter (the offer arm's 6 get the email). Wednesday 7th: 4 + 4 more enter; the first
 * 6 of the offer arm buy for 25.50 each, 2 of the holdout for "10". Thursday 8th: the other 4 of Monday's holdout
 * give up (3 days); Saturday 10th: Wednesday's 8 give up.
 */
async function journeyWithKnownFigures() {
  h = harness(START);
  await publishScenario(h, scenario);
  const { offer, holdout } = contactsByArm(10);
  await enter([...offer.slice(0, 6), ...holdout.slice(0, 6)]);
  runTimersUntil(h, START + 2 * DAY);
  await enter([...offer.slice(6), ...holdout.slice(6)]);
  await buy(offer.slice(0, 6), 25.5);
  await buy(holdout.slice(0, 2), '10');
  runTimersUntil(h, START + 7 * DAY);
}

async function analytics(query: string) {
  const answer = await h!.call('GET', `/scenarios/offer/analytics?${query}`);
  expect(answer.status).toBe(200);
  return JourneyAnalyticsSchema.parse(answer.body);
}

describe('journey analytics over time', () => {
  it('counts per day: entries, conversions, ends and sends on the day each happened, revenue on the day of the conversion', async () => {
    await journeyWithKnownFigures();
    const { series, totals } = await analytics('from=2026-01-05&to=2026-01-11');
    expect(series.map((d) => d.start)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11']);
    expect(series.map((d) => d.entered)).toEqual([12, 0, 8, 0, 0, 0, 0]);
    expect(series.map((d) => d.sent)).toEqual([6, 0, 4, 0, 0, 0, 0]);
    expect(series.map((d) => d.converted)).toEqual([0, 0, 8, 0, 0, 0, 0]);
    expect(series.map((d) => d.exited)).toEqual([0, 0, 0, 4, 0, 8, 0]);
    // 6 × 25.50 + 2 × 10 = 173.00, in hundredths.
    expect(series.map((d) => d.revenue)).toEqual([0, 0, 17_300, 0, 0, 0, 0]);
    expect(totals).toMatchObject({ entered: 20, converted: 8, exited: 12, sent: 10, revenue: 17_300, completed: 0, failed: 0 });
  });

  it('per week, weeks start on Monday and quiet weeks are there at zero; a range leaves out what falls outside', async () => {
    await journeyWithKnownFigures();
    const weeks = await analytics('from=2026-01-01&to=2026-01-14&by=week');
    expect(weeks.series.map((w) => [w.start, w.entered, w.converted, w.exited])).toEqual([
      ['2025-12-29', 0, 0, 0],
      ['2026-01-05', 20, 8, 12],
      ['2026-01-12', 0, 0, 0],
    ]);
    const later = await analytics('from=2026-01-07&to=2026-01-09');
    expect(later.totals).toMatchObject({ entered: 8, converted: 8, exited: 4 });
  });

  it('by default, the 30 days up to today', async () => {
    await journeyWithKnownFigures();
    const answer = await analytics('');
    expect([answer.from, answer.to, answer.series.length]).toEqual(['2025-12-14', '2026-01-12', 30]);
    expect(answer.totals.entered).toBe(20);
  });

  it('refuses a bad range with the field named, and an unknown scenario', async () => {
    h = harness(START);
    await publishScenario(h, scenario);
    const after = await h.call('GET', '/scenarios/offer/analytics?from=2026-01-09&to=2026-01-05');
    expect([after.status, after.body.error.issues[0].path]).toEqual([400, ['from']]);
    const notADay = await h.call('GET', '/scenarios/offer/analytics?from=2026-02-30');
    expect([notADay.status, notADay.body.error.issues[0].path]).toEqual([400, ['from']]);
    const tooLong = await h.call('GET', '/scenarios/offer/analytics?from=2020-01-01&to=2026-01-05');
    expect([tooLong.status, tooLong.body.error.issues[0].path]).toEqual([400, ['from']]);
    expect((await h.call('GET', '/scenarios/offer/analytics?by=month')).status).toBe(400);
    expect((await h.call('GET', '/scenarios/nope/analytics')).status).toBe(404);
  });
});

describe('a send that fails at delivery', () => {
  it('moves from sent to failed on the day the step sent it, even when delivery gives up days later', async () => {
    const endpoint = await startHttpServer([{ status: 503, body: 'busy' }]);
    const config = loadChannelConfig({
      PARCOURS_WEBHOOKS: 'live',
      PARCOURS_HTTP_ALLOW: '127.0.0.1',
      PARCOURS_DELIVERY_ATTEMPTS: '2',
      PARCOURS_RETRY_MIN_DELAY_MS: String(DAY),
      PARCOURS_RETRY_MAX_DELAY_MS: String(DAY),
    });
    let channels!: Channels;
    h = harness(START, { channels: (clock) => (channels = createChannels(config, () => clock.now())) });
    const dispatcher = new Dispatcher({ db: h.db, deliver: createDeliver({ db: h.db, channels, versions: h.runtime.versions }), now: () => h!.clock.now(), settings: config.delivery });
    const nodes = [
      { id: 'start', type: 'entry.event', config: { event: 'go' } },
      { id: 'call', type: 'action.webhook', config: { url: endpoint.url, method: 'POST' } },
      { id: 'done', type: 'flow.exit', config: {} },
    ];
    const edges = [
      { id: 'e1', source: 'start', target: 'call' },
      { id: 'e2', source: 'call', target: 'done' },
    ];
    await publishScenario(h, { schemaVersion: 1, id: 'offer', name: 'Hook', settings: { defaultTimeZone: 'UTC' }, nodes, edges });
    expect((await h.call('POST', '/track', { userId: 'c1', event: 'go' })).status).toBeLessThan(300);
    try {
      for (let tries = 0; tries < 2; tries++) {
        h.clock.advance(DAY + 1);
        expect(dispatcher.dispatch(100)).toBe(1);
        await dispatcher.settled();
      }
    } finally {
      await endpoint.close();
    }
    const { series } = await analytics('from=2026-01-05&to=2026-01-09');
    expect(series.map((d) => [d.start, d.sent, d.failed])).toEqual([
      ['2026-01-05', 0, 1],
      ['2026-01-06', 0, 0],
      ['2026-01-07', 0, 0],
      ['2026-01-08', 0, 0],
      ['2026-01-09', 0, 0],
    ]);
  });
});

describe('split arms', () => {
  it('each arm with its rate, Wilson interval, z-test and uplift against the control, and its revenue', async () => {
    await journeyWithKnownFigures();
    const [split] = (await analytics('')).splits;
    expect(split).toMatchObject({ node: 'split', label: 'Incentive', baseline: 'holdout' });
    const [offer, holdout] = split.arms;
    expect(offer).toMatchObject({ id: 'offer', control: false, taken: 10, converted: 6, revenue: 15_300, rate: 0.6 });
    expect(holdout).toMatchObject({ id: 'holdout', control: true, taken: 10, converted: 2, revenue: 2_000, rate: 0.2, test: null, uplift: null });
    // Wilson 6/10, z = 1.959964: centre = (0.6 + 0.192073) / 1.384146 = 0.572247;
    //   half = 1.416012 · √(0.024 + 0.00960365) = 1.416012 · 0.183313 = 0.259573 → [0.312674, 0.831820]
    expect(offer.interval!.low).toBeCloseTo(0.312674, 5);
    expect(offer.interval!.high).toBeCloseTo(0.83182, 5);
    // pooled 8/20 = 0.4; se = √(0.4 · 0.6 · 0.2) = 0.219089; z = 0.4 / 0.219089 = 1.825742; p = 2 · (1 − Φ(1.825742)) = 0.067889
    expect(offer.test!.z).toBeCloseTo(1.825742, 5);
    expect(offer.test!.pValue).toBeCloseTo(0.067889, 5);
    // (0.6 − 0.2) / 0.2
    expect(offer.uplift).toBeCloseTo(2, 12);
  });
});

describe('funnel along a path', () => {
  it('how many reached each node of the path and the drop-off between them', async () => {
    await journeyWithKnownFigures();
    const answer = await h!.call('GET', '/scenarios/offer/funnel?nodes=start,split,mail,goal');
    expect(answer.status).toBe(200);
    expect(FunnelSchema.parse(answer.body).steps).toEqual([
      { node: 'start', reached: 20, dropped: 0, fromPrevious: null, fromFirst: 1 },
      { node: 'split', reached: 20, dropped: 0, fromPrevious: 1, fromFirst: 1 },
      { node: 'mail', reached: 10, dropped: 10, fromPrevious: 0.5, fromFirst: 0.5 },
      { node: 'goal', reached: 8, dropped: 2, fromPrevious: 0.8, fromFirst: 0.4 },
    ]);
  });

  it('refuses a node the scenario lacks, and a path of one node, naming the field', async () => {
    h = harness(START);
    await publishScenario(h, scenario);
    const unknown = await h.call('GET', '/scenarios/offer/funnel?nodes=start,nowhere');
    expect([unknown.status, unknown.body.error.issues[0].path]).toEqual([400, ['nodes', 1]]);
    const one = await h.call('GET', '/scenarios/offer/funnel?nodes=start');
    expect([one.status, one.body.error.issues[0].path]).toEqual([400, ['nodes']]);
    expect((await h.call('GET', '/scenarios/nope/funnel?nodes=a,b')).status).toBe(404);
  });
});

describe('the scenario list sparkline', () => {
  it('entries and conversions per day from the daily counters', async () => {
    await journeyWithKnownFigures();
    const answer = await h!.call('GET', '/scenario-activity?days=7');
    expect(answer.status).toBe(200);
    const [item] = ScenarioActivitySchema.parse(answer.body).items;
    expect(item.daily.map((d) => d.day)).toEqual(['2026-01-05', '2026-01-06', '2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10', '2026-01-11', '2026-01-12']);
    expect(item.daily.map((d) => d.entered)).toEqual([12, 0, 8, 0, 0, 0, 0, 0]);
    expect(item.daily.map((d) => d.converted)).toEqual([0, 0, 8, 0, 0, 0, 0, 0]);
  });
});
