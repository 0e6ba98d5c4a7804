import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, publishScenario, type Harness } from '../../server/test/helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../../server/test/replay.ts';

/**
 * The next-best-action node on the server (over HTTP, manual clock) and in the simulator: the same winner, the
 * same reason in the trace, from attributes set through the API, a score the journey itself adds and the
 * event history that makes a candidate eligible.
 */
let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const offers = {
  schemaVersion: 1,
  id: 'offers',
  name: 'Offers',
  settings: { consentRequired: { email: false, sms: false, push: false, onsite: false } },
  templates: [],
  nodes: [
    { id: 'checkout', type: 'entry.event', config: { event: 'checkout_started' } },
    { id: 'points', type: 'action.score', config: { attribute: 'value', delta: 5 } },
    {
      id: 'nba',
      type: 'branch.best',
      config: {
        candidates: [
          { id: 'premium', valuedBy: 'value', offerValue: 4, eligibleWhen: { attribute: 'value', op: 'gte', value: 40 } },
          { id: 'discount', valuedBy: 'value', offerValue: 2, eligibleWhen: { event: 'coupon_searched', within: '1d' } },
        ],
      },
    },
    { id: 'show_premium', type: 'action.onsite', config: { placement: 'hero', content: 'premium' } },
    { id: 'show_discount', type: 'action.onsite', config: { placement: 'hero', content: 'discount' } },
    { id: 'show_newsletter', type: 'action.onsite', config: { placement: 'hero', content: 'newsletter' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'checkout', target: 'points' },
    { id: 'e2', source: 'points', target: 'nba' },
    { id: 'e3', source: 'nba', sourceHandle: 'premium', target: 'show_premium' },
    { id: 'e4', source: 'nba', sourceHandle: 'discount', target: 'show_discount' },
    { id: 'e5', source: 'nba', sourceHandle: 'fallback', target: 'show_newsletter' },
    { id: 'e6', source: 'show_premium', target: 'done' },
    { id: 'e7', source: 'show_discount', target: 'done' },
    { id: 'e8', source: 'show_newsletter', target: 'done' },
  ],
};

type Case = Parameters<typeof simulatedResult>[1];
const contact = { id: 'ann', attributes: {}, consents: {}, lists: [], timeZone: 'Europe/Paris' };

/** The server's trace step at the node, once both sides agreed on the whole result. */
async function chosen(events: unknown[]) {
  const parsed = parsedScenario(offers);
  await publishScenario(h, offers);
  const testCase = { contact, events, until: '2d' } as unknown as Case;
  const server = await replay(h, parsed, testCase);
  expect(server).toEqual(simulatedResult(parsed, testCase));
  return server.steps.find((s) => s.node === 'nba')!;
}

describe('branch.best, server and simulator alike', () => {
  it('takes the premium offer for a high value, weighted above an eligible discount, and says why', async () => {
    const step = await chosen([
      { at: '1m', attributes: { value: 45 } },
      { at: '2m', event: 'coupon_searched', properties: {} },
      { at: '3m', event: 'checkout_started', properties: {} },
    ]);
    expect(step).toMatchObject({ outcome: 'branched', output: 'premium', reason: 'premium won with 200 (value 50 × 4); discount lost with 100 (value 50 × 2)' });
  });

  it('takes the discount when the value is too low for premium and the visitor hunted coupons within the day', async () => {
    const step = await chosen([
      { at: '1m', attributes: { value: 10 } },
      { at: '2m', event: 'coupon_searched', properties: {} },
      { at: '3m', event: 'checkout_started', properties: {} },
    ]);
    expect(step).toMatchObject({ output: 'discount', reason: 'discount won with 30 (value 15 × 2); premium ineligible: value gte 40 does not hold' });
  });

  it('falls back when no candidate is eligible: the coupon search is older than a day', async () => {
    const step = await chosen([
      { at: '1m', event: 'coupon_searched', properties: {} },
      { at: '1d1h', event: 'checkout_started', properties: {} },
    ]);
    expect(step).toMatchObject({
      output: 'fallback',
      reason: 'no candidate eligible; premium ineligible: value gte 40 does not hold; discount ineligible: did coupon_searched within 1d does not hold',
    });
  });
});
