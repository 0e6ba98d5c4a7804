import { describe, expect, test } from 'vitest';
import { pathOf, simulate, validateScenario, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

const templates = [{ id: 'reminder', channel: 'email', subject: 'Your cart', html: '<p>cart</p>' }];
const START = Date.parse('2026-01-05T08:00:00Z');
const HOUR = 3_600_000;

/** An abandoned cart waits a day for the order of that very cart, else reminds; the order of that cart is a goal. */
const cart = (settings: Record<string, unknown>) =>
  scenarioOf(
    [
      { id: 'abandoned', type: 'entry.event', config: { event: 'cart_abandoned' } },
      { id: 'wait_order', type: 'wait.event', config: { event: 'order_completed', timeout: '1d', sameAs: { property: 'cart_id' } } },
      { id: 'reminder', type: 'action.email', config: { template: 'reminder' } },
      { id: 'bought', type: 'flow.goal', config: { event: 'order_completed', sameAs: { property: 'cart_id' } } },
      { id: 'done', type: 'flow.exit' },
    ],
    ['abandoned>wait_order', 'wait_order:happened>bought', 'wait_order:timedOut>reminder', 'reminder>done'],
    { settings: { consentRequired: { email: false, sms: false, push: false }, ...settings }, templates },
  );

const run = (scenario: ReturnType<typeof scenarioOf>, events: SimulationInput['events']) => simulate(scenario, { contact: shopper, events, until: '5d' });
const abandon = (cart: string, at: string) => ({ at, event: 'cart_abandoned', properties: { cart_id: cart } });
const order = (cart: string, at: string) => ({ at, event: 'order_completed', properties: { cart_id: cart } });

describe('the entry arriving again while the contact is in the journey', () => {
  test('is ignored by default: one run, the first cart’s', () => {
    const result = run(cart({}), [abandon('A', '1h'), abandon('B', '2h'), order('B', '3h')]);
    expect(result.runs).toEqual([{ pass: 1, correlation: '', status: 'exited', at: null }]);
    // The order of B is not the order of the cart that entered: A is reminded.
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'reminder', 'done']);
  });

  test('restart: the run in progress exits with the reason in its trace, a new one starts and its timer alone counts', () => {
    const result = run(cart({ retrigger: { mode: 'restart' } }), [abandon('A', '1h'), abandon('B', '2h')]);
    expect(result.runs.map((r) => [r.pass, r.status])).toEqual([
      [1, 'exited'],
      [2, 'exited'],
    ]);
    expect(result.steps.filter((s) => s.pass === 1).at(-1)).toEqual({ at: START + 2 * HOUR, node: 'wait_order', type: 'wait.event', outcome: 'exited', reason: 'restarted: cart_abandoned arrived again', pass: 1 });
    // One reminder, from the second run, a day after the second entry: the first run's timer is void.
    expect(result.messages.map((m) => [m.pass, m.at])).toEqual([[2, START + 26 * HOUR]]);
  });

  test('restart ignores the re-entry policy while the run is in progress (it governs entering once a run ended)', () => {
    const result = run(cart({ retrigger: { mode: 'restart' }, reentry: { policy: 'never' } }), [abandon('A', '1h'), abandon('B', '2h'), abandon('C', '3d')]);
    expect(result.runs.map((r) => r.pass)).toEqual([1, 2]);
  });
});

describe('one run per correlation key (parallel)', () => {
  const parallel = cart({ retrigger: { mode: 'parallel', key: 'cart_id' }, reentry: { policy: 'always' } });

  test('two carts in flight for one contact, each followed to its own order', () => {
    const result = run(parallel, [abandon('A', '1h'), abandon('B', '2h'), order('B', '3h'), order('A', '30h')]);
    // B's order converts B's run; A's run waits on, times out (its order comes after a day) and is reminded.
    expect(result.runs).toEqual([
      { pass: 1, correlation: 'A', status: 'exited', at: null },
      { pass: 2, correlation: 'B', status: 'converted', at: null },
    ]);
    expect(result.steps.filter((s) => s.pass === 2).map((s) => [s.node, s.outcome, s.output])).toEqual([
      ['abandoned', 'entered', 'next'],
      ['wait_order', 'waiting', undefined],
      ['wait_order', 'resumed', 'happened'],
      ['bought', 'converted', undefined],
    ]);
    expect(result.messages.map((m) => [m.pass, m.node, m.at])).toEqual([[1, 'reminder', START + 25 * HOUR]]);
  });

  test('a second entry with the same key is ignored; one without the key runs under no key', () => {
    const result = run(parallel, [abandon('A', '1h'), abandon('A', '2h'), { at: '3h', event: 'cart_abandoned', properties: {} }]);
    expect(result.runs.map((r) => [r.pass, r.correlation])).toEqual([
      [1, 'A'],
      [2, ''],
    ]);
  });

  test('the re-entry policy applies per key: with "never", the cart that ended does not come back, another cart does', () => {
    const never = cart({ retrigger: { mode: 'parallel', key: 'cart_id' }, reentry: { policy: 'never' } });
    const result = run(never, [abandon('A', '1h'), order('A', '2h'), abandon('A', '3h'), abandon('B', '4h')]);
    expect(result.runs.map((r) => [r.correlation, r.status])).toEqual([
      ['A', 'converted'],
      ['B', 'exited'],
    ]);
  });

  test('an exit event ends every run, the scenario goal converts every run', () => {
    const exits = cart({ retrigger: { mode: 'parallel', key: 'cart_id' }, exitEvents: [{ event: 'unsubscribed' }] });
    const left = run(exits, [abandon('A', '1h'), abandon('B', '2h'), { at: '3h', event: 'unsubscribed', properties: {} }]);
    expect(left.runs.map((r) => r.status)).toEqual(['exited', 'exited']);
    expect(left.messages).toEqual([]);
    const goal = cart({ retrigger: { mode: 'parallel', key: 'cart_id' }, goal: { event: 'subscribed' } });
    expect(run(goal, [abandon('A', '1h'), abandon('B', '2h'), { at: '3h', event: 'subscribed', properties: {} }]).runs.map((r) => r.status)).toEqual(['converted', 'converted']);
  });
});

describe('validation of the re-trigger choice', () => {
  const file = (retrigger: unknown, entry: { id: string; [field: string]: unknown } = { id: 'abandoned', type: 'entry.event', config: { event: 'cart_abandoned' } }) => ({
    schemaVersion: 1,
    id: 's',
    name: 'S',
    settings: { retrigger },
    nodes: [entry, { id: 'done', type: 'flow.exit', config: {} }],
    edges: [{ id: 'e', source: entry.id, target: 'done' }],
  });
  const entry = { id: 'abandoned', type: 'entry.segment', config: { condition: { attribute: 'vip', op: 'eq', value: true } } };

  test('parallel needs a key, located on it', () => {
    const result = validateScenario(file({ mode: 'parallel' }));
    expect(result.ok).toBe(false);
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'invalid_shape', path: ['settings', 'retrigger', 'key'] }));
  });

  test('parallel needs an event trigger to read the key from, located on the mode', () => {
    const result = validateScenario(file({ mode: 'parallel', key: 'cart_id' }, entry));
    expect(result.errors).toEqual([expect.objectContaining({ code: 'correlation_without_event', path: ['settings', 'retrigger', 'mode'], params: { key: 'cart_id', entry: 'abandoned' } })]);
    expect(validateScenario(file({ mode: 'restart' }, entry)).errors).toEqual([]);
    expect(validateScenario(file({ mode: 'parallel', key: 'cart_id' })).errors).toEqual([]);
  });
});
