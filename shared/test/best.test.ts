import { describe, expect, test } from 'vitest';
import { BestConfig, chooseBest, simulate, validateScenario, type ContactFacts } from '../src/index.ts';
import { scenarioOf } from './fixtures.ts';

const NOW = Date.parse('2026-01-05T09:00:00Z');
const visitor = (attributes: ContactFacts['attributes'] = {}, more: Partial<ContactFacts> = {}): ContactFacts => ({
  id: 'v1',
  attributes,
  consents: {},
  timeZone: 'Europe/Paris',
  lists: [],
  events: [],
  ...more,
});

/** High-value visitors get the premium offer (worth 3 per point) when their score is 40 or more; anyone may get the discount. */
const offers = BestConfig.parse({
  candidates: [
    { id: 'premium', valuedBy: 'score', offerValue: 3, eligibleWhen: { attribute: 'score', op: 'gte', value: 40 } },
    { id: 'discount', valuedBy: 'score', offerValue: 1 },
  ],
});

describe('chooseBest', () => {
  test('weights the value by the offer: the eligible candidate of highest score × offer value wins, and the trace says by how much', () => {
    const choice = chooseBest(offers, visitor({ score: 50 }), NOW);
    expect(choice.output).toBe('premium');
    expect(choice.verdicts).toEqual([
      { id: 'premium', eligible: true, value: 150, formula: 'score 50 × 3' },
      { id: 'discount', eligible: true, value: 50, formula: 'score 50 × 1' },
    ]);
    expect(choice.reason).toBe('premium won with 150 (score 50 × 3); discount lost with 50 (score 50 × 1)');
  });

  test('a candidate whose condition fails cannot win, whatever its value; the trace names the failing test', () => {
    const choice = chooseBest(offers, visitor({ score: 30 }), NOW);
    expect(choice.output).toBe('discount');
    expect(choice.reason).toBe('discount won with 30 (score 30 × 1); premium ineligible: score gte 40 does not hold');
  });

  test('within an "all", the trace names the one member that failed, not the whole condition', () => {
    const config = BestConfig.parse({
      candidates: [
        { id: 'vip', offerValue: 10, eligibleWhen: { all: [{ attribute: 'score', op: 'gte', value: 1 }, { inList: 'vip' }, { consent: 'email' }] } },
        { id: 'basic', offerValue: 1 },
      ],
    });
    expect(chooseBest(config, visitor({ score: 5 }), NOW).reason).toBe('basic won with 1 (offer value 1); vip ineligible: in list vip does not hold');
    const vip = chooseBest(config, visitor({ score: 5 }, { lists: ['vip'], consents: { email: true } }), NOW);
    expect(vip.output).toBe('vip');
  });

  test('ties go to the earlier candidate, and the trace says so', () => {
    const config = BestConfig.parse({
      candidates: [
        { id: 'first', valuedBy: 'score', offerValue: 2 },
        { id: 'second', valuedBy: 'score', offerValue: 2 },
      ],
    });
    const choice = chooseBest(config, visitor({ score: 10 }), NOW);
    expect(choice.output).toBe('first');
    expect(choice.reason).toBe('first won with 20 (score 10 × 2); second tied at 20 (score 10 × 2), first comes first');
    // Reversing the order reverses the winner: order is the only tie-breaker.
    expect(chooseBest({ candidates: [...config.candidates].reverse() }, visitor({ score: 10 }), NOW).output).toBe('second');
  });

  test('without a number to value it by, a candidate is out; with none eligible the fallback is taken', () => {
    const none = chooseBest(offers, visitor({ score: 'high' }), NOW);
    expect(none.output).toBe('fallback');
    expect(none.reason).toBe('no candidate eligible; premium ineligible: score gte 40 does not hold; discount ineligible: no numeric score');
    expect(chooseBest(offers, visitor(), NOW).output).toBe('fallback');
  });

  test('a dot path reads a nested attribute, and a zero value still wins over nothing', () => {
    const config = BestConfig.parse({ candidates: [{ id: 'nested', valuedBy: 'scores.intent', offerValue: 4 }] });
    expect(chooseBest(config, visitor({ scores: { intent: 2.5 } }), NOW).reason).toBe('nested won with 10 (scores.intent 2.5 × 4)');
    expect(chooseBest(config, visitor({ scores: { intent: 0 } }), NOW).output).toBe('nested');
  });

  test('an event-history condition is read as of now', () => {
    const config = BestConfig.parse({
      candidates: [{ id: 'browser', offerValue: 1, eligibleWhen: { event: 'page_viewed', within: '1d', count: { op: 'gte', value: 3 } } }],
    });
    const views = (hoursAgo: number[]) => hoursAgo.map((h) => ({ name: 'page_viewed', at: NOW - h * 3_600_000, properties: {} }));
    expect(chooseBest(config, visitor({}, { events: views([1, 2, 3]) }), NOW).output).toBe('browser');
    const stale = chooseBest(config, visitor({}, { events: views([1, 2, 30]) }), NOW);
    expect(stale.output).toBe('fallback');
    expect(stale.reason).toBe('no candidate eligible; browser ineligible: did page_viewed gte 3 times within 1d does not hold');
  });
});

const nextBest = () =>
  scenarioOf(
    [
      { id: 'visit', type: 'entry.event', config: { event: 'page_viewed' } },
      { id: 'nba', type: 'branch.best', config: offers },
      { id: 'premium_mail', type: 'action.email', config: { template: 'premium' } },
      { id: 'discount_mail', type: 'action.email', config: { template: 'discount' } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['visit>nba', 'nba:premium>premium_mail', 'nba:discount>discount_mail', 'nba:fallback>done', 'premium_mail>done', 'discount_mail>done'],
    {
      settings: { consentRequired: { email: false, sms: false, push: false } },
      templates: [
        { id: 'premium', channel: 'email', subject: 'Premium', html: '<p>Premium</p>' },
        { id: 'discount', channel: 'email', subject: '10% off', html: '<p>10% off</p>' },
      ],
    },
  );

describe('branch.best in the simulator', () => {
  const run = (attributes: Record<string, number | string>) =>
    simulate(nextBest(), { contact: { id: 'v1', attributes, consents: {}, lists: [] }, events: [{ at: '1m', event: 'page_viewed', properties: {} }], until: '1d' });

  test('takes the winning output, and its trace step carries the reason', () => {
    const result = run({ score: 50 });
    expect(result.steps.map((s) => s.node)).toEqual(['visit', 'nba', 'premium_mail', 'done']);
    expect(result.messages.map((m) => m.template)).toEqual(['premium']);
    const step = result.steps.find((s) => s.node === 'nba')!;
    expect(step).toMatchObject({ outcome: 'branched', output: 'premium', reason: 'premium won with 150 (score 50 × 3); discount lost with 50 (score 50 × 1)' });
  });

  test('each outcome: a lower score takes the discount, no score the fallback', () => {
    expect(run({ score: 10 }).steps.find((s) => s.node === 'nba')!.output).toBe('discount');
    const none = run({});
    expect(none.steps.find((s) => s.node === 'nba')!.output).toBe('fallback');
    expect(none.messages).toEqual([]);
  });
});

describe('branch.best validation', () => {
  const withCandidates = (candidates: unknown[], edges = ['visit>nba', 'nba:a>done', 'nba:fallback>done']) => {
    const scenario = nextBest();
    return validateScenario({
      ...scenario,
      nodes: [scenario.nodes[0], { id: 'nba', type: 'branch.best', config: { candidates } }, { id: 'done', type: 'flow.exit' }],
      edges: edges.map((text, i) => {
        const [from, target] = text.split('>');
        const [source, sourceHandle = 'next'] = from.split(':');
        return { id: `e${i}`, source, sourceHandle, target };
      }),
    });
  };
  const errorsOf = (result: ReturnType<typeof validateScenario>) => (result.ok ? [] : result.errors.map((e) => ({ code: e.code, nodeId: e.nodeId, path: e.path })));

  test('two candidates with one id are refused on the second one', () => {
    const result = withCandidates([{ id: 'a', offerValue: 1 }, { id: 'a', offerValue: 2 }]);
    expect(errorsOf(result)).toContainEqual({ code: 'duplicate_id', nodeId: 'nba', path: ['nodes', 1, 'config', 'candidates', 1, 'id'] });
  });

  test('"fallback" is not a candidate id, a negative offer value is refused, both located on the field', () => {
    const result = withCandidates([{ id: 'fallback', offerValue: -1 }]);
    const paths = errorsOf(result).map((e) => e.path);
    expect(paths).toContainEqual(['nodes', 1, 'config', 'candidates', 0, 'id']);
    expect(paths).toContainEqual(['nodes', 1, 'config', 'candidates', 0, 'offerValue']);
  });

  test('the fallback output must lead somewhere, as a switch default must', () => {
    const result = withCandidates([{ id: 'a', offerValue: 1 }], ['visit>nba', 'nba:a>done']);
    expect(errorsOf(result)).toContainEqual({ code: 'missing_default', nodeId: 'nba', path: ['nodes', 1] });
  });

  test('a bad duration inside an eligibility condition is located in it', () => {
    const result = withCandidates([{ id: 'a', offerValue: 1, eligibleWhen: { event: 'page_viewed', within: '0d' } }]);
    expect(errorsOf(result).map((e) => e.path)).toContainEqual(['nodes', 1, 'config', 'candidates', 0, 'eligibleWhen', 'within']);
  });
});
