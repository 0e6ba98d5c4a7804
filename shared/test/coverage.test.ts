import { describe, expect, test } from 'vitest';
import {
  coverageOf,
  generateCaseFor,
  generateMissingCases,
  resolveTimelineTime,
  runTestCase,
  scenarioCoverage,
  simulate,
  splitBucket,
  type OutputRef,
  type Scenario,
  type TestCase,
} from '../src/index.ts';
import { cartScenario, scenarioOf, shopper } from './fixtures.ts';

const START = Date.parse('2026-01-05T08:00:00Z');
const HOUR = 3_600_000;

/**
 * Every kind of output on one graph:
 *   start (signed_up, plan = pro) → opened (wait for email_opened, template welcome, 1 d)
 *   opened: happened → vip (country FR/BE, on list vip, 2 purchases in 7 d) · timedOut → onboarding (wait for onboarded, 2 d)
 *   vip: yes → ab (split 50/30/20) · no → tier (switch: spend ≥ 100 big, ≥ 20 mid, default)
 *   onboarding: met → tier · timedOut → impossible (x = 1 and x = 2)
 */
const kitchenSink = (tests: unknown[] = []): Scenario =>
  scenarioOf(
    [
      { id: 'start', type: 'entry.event', config: { event: 'signed_up', where: [{ property: 'plan', op: 'eq', value: 'pro' }] } },
      { id: 'opened', type: 'wait.event', config: { event: 'email_opened', where: [{ property: 'template', op: 'eq', value: 'welcome' }], timeout: '1d' } },
      {
        id: 'vip',
        type: 'branch.condition',
        config: {
          condition: {
            all: [
              { attribute: 'country', op: 'in', value: ['FR', 'BE'] },
              { inList: 'vip' },
              { event: 'purchase', within: '7d', count: { op: 'gte', value: 2 } },
            ],
          },
        },
      },
      { id: 'onboarding', type: 'wait.condition', config: { condition: { attribute: 'onboarded', op: 'eq', value: true }, timeout: '2d' } },
      { id: 'impossible', type: 'branch.condition', config: { condition: { all: [{ attribute: 'x', op: 'eq', value: 1 }, { attribute: 'x', op: 'eq', value: 2 }] } } },
      {
        id: 'tier',
        type: 'branch.switch',
        config: {
          cases: [
            { id: 'big', condition: { attribute: 'spend', op: 'gte', value: 100 } },
            { id: 'mid', condition: { attribute: 'spend', op: 'gte', value: 20 } },
          ],
        },
      },
      {
        id: 'ab',
        type: 'branch.split',
        config: { variants: [{ id: 'a', percent: 50 }, { id: 'b', percent: 30 }, { id: 'holdout', percent: 20, control: true }] },
      },
      { id: 'email_a', type: 'action.email', config: { template: 'a' } },
      { id: 'sms_b', type: 'action.sms', config: { template: 'b' } },
      { id: 'exit_impossible', type: 'flow.exit' },
      { id: 'exit_possible', type: 'flow.exit' },
      { id: 'exit_big', type: 'flow.exit' },
      { id: 'exit_default', type: 'flow.exit' },
      { id: 'done', type: 'flow.exit' },
    ],
    [
      'start>opened',
      'opened:happened>vip',
      'opened:timedOut>onboarding',
      'vip:yes>ab',
      'vip:no>tier',
      'onboarding:met>tier',
      'onboarding:timedOut>impossible',
      'impossible:yes>exit_impossible',
      'impossible:no>exit_possible',
      'tier:big>exit_big',
      'tier:mid>ab',
      'tier:default>exit_default',
      'ab:a>email_a',
      'ab:b>sms_b',
      'ab:holdout>done',
      'email_a>done',
      'sms_b>done',
    ],
    { tests },
  );

const proSignUp = { at: '1h', event: 'signed_up', properties: { plan: 'pro' } };
const savedCase = (name: string, events: unknown[], contact: object = {}) => ({
  name,
  contact: { id: `c-${name}`, consents: { email: true, sms: true }, ...contact },
  events,
  expect: {},
});

describe('coverageOf', () => {
  const chosenCases = [
    // Signs up, never opens, never onboards: timedOut twice, then the impossible branch says no.
    savedCase('silent', [proSignUp]),
    // Opens the email without being a VIP, spends 30: the mid tier, then arm a or b or holdout.
    savedCase('opener', [proSignUp, { at: '2h', event: 'email_opened', properties: { template: 'welcome' } }], { attributes: { spend: 30 } }),
    // A free plan never enters.
    savedCase('free', [{ at: '1h', event: 'signed_up', properties: { plan: 'free' } }]),
  ];

  test('counts the nodes and the connected outputs the cases went through, with exact uncovered lists', () => {
    const scenario = kitchenSink(chosenCases);
    const runs = scenario.tests.map((t) => runTestCase(scenario, t));
    const arm = runs[1].result.steps.find((s) => s.node === 'ab')!.output!;
    const armNode = { a: 'email_a', b: 'sms_b', holdout: undefined }[arm as 'a' | 'b' | 'holdout'];
    const coverage = coverageOf(scenario, runs);

    const allOutputs = [
      'start:next', 'opened:happened', 'opened:timedOut', 'vip:yes', 'vip:no', 'onboarding:met', 'onboarding:timedOut',
      'impossible:yes', 'impossible:no', 'tier:big', 'tier:mid', 'tier:default', 'ab:a', 'ab:b', 'ab:holdout', 'email_a:next', 'sms_b:next',
    ];
    const covered = new Set([
      'start:next', 'opened:timedOut', 'onboarding:timedOut', 'impossible:no', // silent
      'opened:happened', 'vip:no', 'tier:mid', `ab:${arm}`, ...(armNode ? [`${armNode}:next`] : []), // opener
    ]);
    const expectedUncovered = allOutputs.filter((o) => !covered.has(o)).map((o) => ({ node: o.split(':')[0], output: o.split(':')[1] }));
    expect(coverage.outputs).toEqual({
      total: 17,
      covered: covered.size,
      percent: Math.round((covered.size * 1000) / 17) / 10,
      uncovered: expectedUncovered,
    });

    const visited = ['start', 'opened', 'onboarding', 'impossible', 'exit_possible', 'vip', 'tier', 'ab', 'done', ...(armNode ? [armNode] : [])];
    const allNodes = scenario.nodes.map((n) => n.id);
    expect(coverage.nodes.total).toBe(14);
    expect(coverage.nodes.covered).toBe(visited.length);
    expect(coverage.nodes.uncovered).toEqual(allNodes.filter((id) => !visited.includes(id)));
    expect(coverage.byNode.impossible).toEqual({ visited: true, outputs: { yes: 0, no: 1 } });
    expect(coverage.byNode.exit_big).toEqual({ visited: false, outputs: {} });
  });

  test('the same numbers from plain simulation results, and from scenarioCoverage over the saved cases', () => {
    const scenario = kitchenSink(chosenCases);
    const fromOutcomes = coverageOf(scenario, scenario.tests.map((t) => runTestCase(scenario, t)));
    const fromResults = coverageOf(scenario, scenario.tests.map((t) => simulate(scenario, { contact: t.contact, events: t.events })));
    expect(fromResults).toEqual(fromOutcomes);
    expect(scenarioCoverage(scenario)).toEqual(fromOutcomes);
  });

  test('nothing run: 0 % of everything; no outputs at all: 100 %', () => {
    const coverage = coverageOf(kitchenSink(), []);
    expect(coverage.outputs).toMatchObject({ total: 17, covered: 0, percent: 0 });
    expect(coverage.nodes).toMatchObject({ total: 14, covered: 0, percent: 0 });
    const lone = scenarioOf([{ id: 'start', type: 'entry.api' }], []);
    expect(coverageOf(lone, []).outputs).toEqual({ total: 0, covered: 0, percent: 100, uncovered: [] });
  });

  test('counts every time an output is taken, and ignores unconnected outputs and edges to missing nodes', () => {
    const scenario = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'check', type: 'branch.condition', config: { condition: { inList: 'vip' } } },
        { id: 'send', type: 'action.email', config: { template: 'hello' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>check', 'check:yes>send', 'send>nowhere'],
    );
    const vip = simulate(scenario, { contact: { ...shopper, lists: ['vip'] }, events: [] });
    const other = simulate(scenario, { contact: shopper, events: [] });
    const coverage = coverageOf(scenario, [vip, vip, other]);
    expect(coverage.byNode.check).toEqual({ visited: true, outputs: { yes: 2 } });
    expect(coverage.byNode.send).toEqual({ visited: true, outputs: {} });
    expect(coverage.outputs).toEqual({ total: 2, covered: 2, percent: 100, uncovered: [] });
    expect(coverage.nodes.uncovered).toEqual(['end']);
  });

  test('steps of nodes the scenario no longer has are ignored', () => {
    const old = cartScenario();
    const run = simulate(old, { contact: shopper, events: [{ at: '1h', event: 'cart_abandoned', properties: { total: 80 } }] });
    const renamed = { ...old, nodes: old.nodes.map((n) => (n.id === 'abandoned' ? { ...n, id: 'abandoned2' } : n)) } as Scenario;
    const coverage = coverageOf(renamed, [run]);
    expect(coverage.byNode.abandoned).toBeUndefined();
    expect(coverage.byNode.abandoned2.visited).toBe(false);
    expect(coverage.byNode.wait_order.outputs.timedOut).toBe(1);
  });
});

/** Runs a generated case and returns what it did, checking it passes its own expectations and takes the target. */
function verify(scenario: Scenario, testCase: TestCase | null, target: OutputRef) {
  expect(testCase, `a case for ${target.node} → ${target.output}`).not.toBeNull();
  const outcome = runTestCase(scenario, testCase!);
  expect(outcome.failures).toEqual([]);
  expect(outcome.result.steps.some((s) => s.node === target.node && s.output === target.output)).toBe(true);
  expect(testCase!.name).toBe(`covers ${target.node} → ${target.output}`);
  expect(testCase!.contact.consents).toEqual({ email: true, sms: true, push: true });
  expect(testCase!.expect.path).toEqual(outcome.path);
  expect(testCase!.expect.status).toBe(outcome.result.status);
  return outcome;
}

const at = (testCase: TestCase, index: number) => resolveTimelineTime(testCase.events[index].at, START);
const eventsNamed = (testCase: TestCase, name: string) => testCase.events.filter((e) => 'event' in e && e.event === name);

describe('generateCaseFor', () => {
  const scenario = kitchenSink();

  test('entry: an event whose properties pass the trigger filter', () => {
    const testCase = generateCaseFor(scenario, { node: 'start', output: 'next' });
    verify(scenario, testCase, { node: 'start', output: 'next' });
    expect(testCase!.events[0]).toEqual({ at: '1h', event: 'signed_up', properties: { plan: 'pro' } });
  });

  test('wait.event happened: the awaited event, filters met, before the timeout', () => {
    const target = { node: 'opened', output: 'happened' };
    const testCase = generateCaseFor(scenario, target);
    const outcome = verify(scenario, testCase, target);
    const [opened] = eventsNamed(testCase!, 'email_opened');
    expect(opened).toMatchObject({ properties: { template: 'welcome' } });
    const waiting = outcome.result.steps.find((s) => s.node === 'opened' && s.outcome === 'waiting')!;
    const openedAt = resolveTimelineTime(opened.at, START);
    expect(openedAt).toBeGreaterThan(waiting.at);
    expect(openedAt).toBeLessThan(waiting.until!);
  });

  test('wait.event timedOut and wait.condition timedOut: nothing happens', () => {
    for (const target of [{ node: 'opened', output: 'timedOut' }, { node: 'onboarding', output: 'timedOut' }]) {
      const testCase = generateCaseFor(scenario, target);
      verify(scenario, testCase, target);
      expect(testCase!.events).toEqual([proSignUp]);
    }
  });

  test('wait.condition met: an attribute change during the wait', () => {
    const target = { node: 'onboarding', output: 'met' };
    const testCase = generateCaseFor(scenario, target);
    verify(scenario, testCase, target);
    expect(testCase!.events).toHaveLength(2);
    expect(testCase!.events[1]).toMatchObject({ attributes: { onboarded: true } });
    // After the timeout of the first wait (1 d after entering), within the 2 d of the second.
    expect(at(testCase!, 1)).toBeGreaterThan(START + HOUR + 24 * HOUR);
    expect(at(testCase!, 1)).toBeLessThan(START + HOUR + 72 * HOUR);
  });

  test('branch.condition yes: an attribute in a set, a list and two recent events, all at once', () => {
    const target = { node: 'vip', output: 'yes' };
    const testCase = generateCaseFor(scenario, target);
    verify(scenario, testCase, target);
    expect(testCase!.contact.lists).toEqual(['vip']);
    const changes = testCase!.events.filter((e) => 'attributes' in e);
    expect(changes).toEqual([expect.objectContaining({ attributes: { country: 'FR' } })]);
    expect(eventsNamed(testCase!, 'purchase')).toHaveLength(2);
  });

  test('branch.condition no: the opener who is not a VIP', () => {
    const target = { node: 'vip', output: 'no' };
    const testCase = generateCaseFor(scenario, target);
    verify(scenario, testCase, target);
    expect(testCase!.contact.lists).toEqual([]);
  });

  test('an unsatisfiable condition (x = 1 and x = 2) gives null; its other output is generated', () => {
    expect(generateCaseFor(scenario, { node: 'impossible', output: 'yes' })).toBeNull();
    verify(scenario, generateCaseFor(scenario, { node: 'impossible', output: 'no' }), { node: 'impossible', output: 'no' });
  });

  test('switch: each case holds alone (earlier cases made false), and the default when none holds', () => {
    const spendOf = (testCase: TestCase) => {
      const change = testCase.events.find((e) => 'attributes' in e && 'spend' in e.attributes);
      return change && 'attributes' in change ? change.attributes.spend : testCase.contact.attributes.spend;
    };
    for (const output of ['big', 'mid', 'default']) {
      const target = { node: 'tier', output };
      const testCase = generateCaseFor(scenario, target);
      verify(scenario, testCase, target);
      const spend = spendOf(testCase!);
      if (output === 'big') expect(spend).toBeGreaterThanOrEqual(100);
      if (output === 'mid') expect(spend).toSatisfy((v: number) => v >= 20 && v < 100);
      if (output === 'default') expect(spend === undefined || (spend as number) < 20).toBe(true);
    }
  });

  test('split: each arm through a generated contact id whose bucket falls in it', () => {
    // Buckets 0-4999 take a, 5000-7999 b, 8000-9999 the holdout.
    const ranges = [[0, 5000], [5000, 8000], [8000, 10000]];
    ['a', 'b', 'holdout'].forEach((output, index) => {
      const target = { node: 'ab', output };
      const testCase = generateCaseFor(scenario, target);
      verify(scenario, testCase, target);
      expect(testCase!.contact.id).toMatch(/^generated-\d+$/);
      const bucket = splitBucket(testCase!.contact.id, 'ab');
      expect(bucket >= ranges[index][0] && bucket < ranges[index][1]).toBe(true);
    });
  });

  test('action outputs after a split arm are reached too', () => {
    for (const node of ['email_a', 'sms_b']) verify(scenario, generateCaseFor(scenario, { node, output: 'next' }), { node, output: 'next' });
  });

  test('an unknown node or an output the node does not have gives null', () => {
    expect(generateCaseFor(scenario, { node: 'nope', output: 'next' })).toBeNull();
    expect(generateCaseFor(scenario, { node: 'vip', output: 'maybe' })).toBeNull();
    expect(generateCaseFor(scenario, { node: 'done', output: 'next' })).toBeNull();
  });

  test('a node no edge reaches gives null', () => {
    const island = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'end', type: 'flow.exit' },
        { id: 'orphan', type: 'wait.delay', config: { duration: '1d' } },
      ],
      ['start>end', 'orphan>end'],
    );
    expect(generateCaseFor(island, { node: 'orphan', output: 'next' })).toBeNull();
  });

  test('an awaited event that is also an exit event can never be "happened": null', () => {
    const scenario = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'wait', type: 'wait.event', config: { event: 'unsubscribed', timeout: '1d' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>wait', 'wait:happened>end', 'wait:timedOut>end'],
      { settings: { exitEvents: [{ event: 'unsubscribed' }] } },
    );
    expect(generateCaseFor(scenario, { node: 'wait', output: 'happened' })).toBeNull();
    verify(scenario, generateCaseFor(scenario, { node: 'wait', output: 'timedOut' }), { node: 'wait', output: 'timedOut' });
  });

  test('event-history conditions: a wait met by events, a branch needing none of them', () => {
    const scenario = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'browse', type: 'wait.condition', config: { condition: { event: 'page_viewed', where: [{ property: 'views.count', op: 'gt', value: 3 }], within: '1h', count: { op: 'gte', value: 3 } }, timeout: '1d' } },
        { id: 'quiet', type: 'branch.condition', config: { condition: { not: { any: [{ event: 'complained' }, { attribute: 'tier', op: 'eq', value: 'gold' }] } } } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>browse', 'browse:met>quiet', 'browse:timedOut>end', 'quiet:yes>end', 'quiet:no>end'],
    );
    const met = generateCaseFor(scenario, { node: 'browse', output: 'met' });
    verify(scenario, met, { node: 'browse', output: 'met' });
    const views = eventsNamed(met!, 'page_viewed');
    expect(views).toHaveLength(3);
    for (const view of views) expect(view).toMatchObject({ properties: { views: { count: 4 } } });

    // "no" needs a complaint or the gold tier, reached through the wait met by the views above.
    const no = generateCaseFor(scenario, { node: 'quiet', output: 'no' });
    verify(scenario, no, { node: 'quiet', output: 'no' });
    expect(eventsNamed(no!, 'complained')).toHaveLength(1);
  });

  test('segment and date entries: a profile that matches, a date the day after the start', () => {
    const segment = scenarioOf(
      [
        { id: 'start', type: 'entry.segment', config: { condition: { all: [{ attribute: 'age', op: 'gte', value: 18 }, { not: { inList: 'blocked' } }] } } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>end'],
    );
    const entered = generateCaseFor(segment, { node: 'start', output: 'next' });
    verify(segment, entered, { node: 'start', output: 'next' });
    expect(entered!.contact.attributes).toEqual({ age: 18 });

    const loyal = scenarioOf(
      [
        { id: 'start', type: 'entry.segment', config: { condition: { event: 'purchase', within: '30d', count: { op: 'gte', value: 3 } } } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>end'],
    );
    const history = generateCaseFor(loyal, { node: 'start', output: 'next' });
    verify(loyal, history, { node: 'start', output: 'next' });
    // Purchases before the start are history: they enter nobody by themselves, the segment sees them.
    expect(history!.events.map((e) => e.at)).toEqual(['2026-01-05T07:58:58.000Z', '2026-01-05T07:58:59.000Z', '2026-01-05T07:59:00.000Z']);

    const dated = scenarioOf(
      [
        { id: 'start', type: 'entry.date', config: { attribute: 'renewal', offsetDays: -10, recurrence: 'once' } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>end'],
      { settings: { defaultTimeZone: 'Europe/Paris' } },
    );
    const due = generateCaseFor(dated, { node: 'start', output: 'next' });
    const outcome = verify(dated, due, { node: 'start', output: 'next' });
    expect(due!.contact.attributes).toEqual({ renewal: '2026-01-16' });
    expect(new Date(outcome.result.steps[0].at).toISOString()).toBe('2026-01-06T08:00:00.000Z');
  });

  test('a wait longer than the default 90-day horizon: the case sets its own horizon', () => {
    const scenario = scenarioOf(
      [
        { id: 'start', type: 'entry.api' },
        { id: 'half_year', type: 'wait.delay', config: { duration: '180d' } },
        { id: 'still_member', type: 'branch.condition', config: { condition: { attribute: 'member', op: 'eq', value: true } } },
        { id: 'end', type: 'flow.exit' },
      ],
      ['start>half_year', 'half_year>still_member', 'still_member:yes>end', 'still_member:no>end'],
    );
    const testCase = generateCaseFor(scenario, { node: 'still_member', output: 'yes' });
    verify(scenario, testCase, { node: 'still_member', output: 'yes' });
    expect(testCase!.until).toBe('181d');
  });
});

describe('generateMissingCases', () => {
  test('fills the gaps the saved cases leave, skipping what an earlier generated case already takes', () => {
    const scenario = kitchenSink([savedCase('silent', [proSignUp])]);
    const before = scenarioCoverage(scenario);
    const generated = generateMissingCases(scenario);
    const after = coverageOf(scenario, [...scenario.tests, ...generated].map((t) => runTestCase(scenario, t)));
    expect(after.outputs.uncovered).toEqual([{ node: 'impossible', output: 'yes' }]);
    expect(before.outputs.uncovered.length).toBeGreaterThan(generated.length);
    for (const testCase of generated) expect(runTestCase(scenario, testCase).passed).toBe(true);
    // Each generated case was made for an output the saved cases and the cases before it missed.
    const names = generated.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain('covers start → next');
  });

  test('a generated name already taken by a saved case gets a number', () => {
    const taken = savedCase('covers opened → happened', [proSignUp]);
    const scenario = kitchenSink([taken]);
    const names = generateMissingCases(scenario).map((t) => t.name);
    expect(names).toContain('covers opened → happened (2)');
  });
});
