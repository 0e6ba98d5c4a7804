import { describe, expect, test } from 'vitest';
import { ContactPreferences, simulate, TopicSettings, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

/** Signed up: an offer (topic offers), a receipt (transactional, same topic), a day later the newsletter, then an SMS offer. */
const journey = () =>
  scenarioOf(
    [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
      { id: 'offer', type: 'action.email', config: { template: 'offer', topic: 'offers' } },
      { id: 'receipt', type: 'action.email', config: { template: 'receipt', topic: 'offers', transactional: true } },
      { id: 'later', type: 'wait.delay', config: { duration: '1d' } },
      { id: 'news', type: 'action.email', config: { template: 'news', topic: 'newsletter' } },
      { id: 'sms_offer', type: 'action.sms', config: { template: 'sms_offer', topic: 'offers' } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['start>offer', 'offer>receipt', 'receipt>later', 'later>news', 'news>sms_offer', 'sms_offer>done'],
  );

const run = (preferences?: ContactPreferences, consents: object = { email: true, sms: true }) =>
  simulate(journey(), {
    contact: { ...shopper, consents, ...(preferences ? { preferences } : {}) },
    events: [{ at: '1h', event: 'signed_up', properties: {} }],
  } as SimulationInput);

const skips = (result: ReturnType<typeof run>) => result.steps.filter((s) => s.outcome === 'skipped').map((s) => [s.node, s.rule, s.reason]);

describe('topics and the frequency choice decide sends like a cap', () => {
  test('no preferences: every message goes', () => {
    expect(run().messages.map((m) => m.template)).toEqual(['offer', 'receipt', 'news', 'sms_offer']);
  });

  test('an opt-out of a topic on email skips its emails only, with the rule in the trace; transactional ones still go', () => {
    const result = run({ topics: { offers: { email: false } }, frequency: 'any' });
    expect(result.messages.map((m) => m.template)).toEqual(['receipt', 'news', 'sms_offer']);
    expect(skips(result)).toEqual([['offer', 'topic', 'opted out of topic offers on email']]);
  });

  test('"at most weekly" lets one marketing message through per 7 days, whatever the channel; transactional ones are not counted nor held', () => {
    const result = run({ topics: {}, frequency: 'weekly' });
    expect(result.messages.map((m) => m.template)).toEqual(['offer', 'receipt']);
    expect(skips(result)).toEqual([
      ['news', 'frequency_choice', "contact's choice of at most weekly reached"],
      ['sms_offer', 'frequency_choice', "contact's choice of at most weekly reached"],
    ]);
  });

  test('"at most daily" lets the next day\'s message through', () => {
    const result = run({ topics: {}, frequency: 'daily' });
    expect(result.messages.map((m) => m.template)).toEqual(['offer', 'receipt', 'news']);
    expect(skips(result).map(([node, rule]) => [node, rule])).toEqual([['sms_offer', 'frequency_choice']]);
  });

  test('transactional never overrides consent', () => {
    const result = run(undefined, { email: false, sms: true });
    expect(result.messages.map((m) => m.template)).toEqual(['sms_offer']);
    expect(skips(result).find(([node]) => node === 'receipt')?.[1]).toBe('consent');
  });
});

describe('topic settings', () => {
  test('a topic defined twice is refused at its path', () => {
    const parsed = TopicSettings.safeParse({ topics: [{ id: 'news', name: 'News', channels: ['email'] }, { id: 'news', name: 'Again', channels: ['sms'] }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['topics.1.id']);
  });

  test('a topic needs a channel', () => {
    expect(TopicSettings.safeParse({ topics: [{ id: 'news', name: 'News', channels: [] }] }).success).toBe(false);
  });
});
