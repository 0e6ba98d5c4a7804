import { describe, expect, test } from 'vitest';
import { pathOf, simulate, validateScenario, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

const templates = [{ id: 'reminder', channel: 'email', subject: 'Your cart', html: '<p>{{ event.cart_id }}</p>' }];
const settings = { consentRequired: { email: false, sms: false, push: false } };

/** An abandoned cart waits a day for the order of that very cart (or a goal on it, scenario-wide). */
const cart = (goal = false) =>
  scenarioOf(
    [
      { id: 'abandoned', type: 'entry.event', config: { event: 'cart_abandoned' } },
      { id: 'wait_order', type: 'wait.event', config: { event: 'order_completed', timeout: '1d', sameAs: { property: 'cart_id' } } },
      { id: 'reminder', type: 'action.email', config: { template: 'reminder' } },
      { id: 'bought', type: goal ? 'flow.goal' : 'flow.exit', config: goal ? { event: 'order_completed', sameAs: { property: 'cart_id' } } : {} },
      { id: 'done', type: 'flow.exit' },
    ],
    ['abandoned>wait_order', 'wait_order:happened>bought', 'wait_order:timedOut>reminder', 'reminder>done'],
    { settings, templates },
  );

const run = (scenario: ReturnType<typeof scenarioOf>, events: SimulationInput['events']) => simulate(scenario, { contact: shopper, events, until: '3d' });
const abandon = (cart: string, at = '1h') => ({ at, event: 'cart_abandoned', properties: { cart_id: cart } });
const order = (cart: string, at: string) => ({ at, event: 'order_completed', properties: { cart_id: cart } });

describe('a wait for the event of the same cart', () => {
  test('an order for another cart does not end the journey: the reminder goes', () => {
    const result = run(cart(), [abandon('A'), order('B', '2h')]);
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'reminder', 'done']);
    expect(result.messages).toHaveLength(1);
  });

  test('the order of that cart ends it by "happened"', () => {
    const result = run(cart(), [abandon('A'), order('B', '2h'), order('A', '3h')]);
    expect(pathOf(result)).toEqual(['abandoned', 'wait_order', 'bought']);
    expect(result.steps.find((s) => s.node === 'wait_order' && s.output)).toMatchObject({ output: 'happened', at: Date.parse('2026-01-05T11:00:00Z') });
  });

  test('a goal with sameAs converts on the order of that cart only, wherever the contact is', () => {
    const scenario = cart(true);
    expect(run(scenario, [abandon('A'), order('B', '2h')]).status).toBe('exited');
    expect(run(scenario, [abandon('A'), order('A', '2h')]).status).toBe('converted');
  });

  test('can compare with an earlier awaited event instead of the trigger', () => {
    const scenario = scenarioOf(
      [
        { id: 'ordered', type: 'entry.event', config: { event: 'order_completed' } },
        { id: 'shipped', type: 'wait.event', config: { event: 'parcel_shipped', timeout: '3d' } },
        { id: 'delivered', type: 'wait.event', config: { event: 'parcel_delivered', timeout: '3d', sameAs: { property: 'parcel', from: 'shipped' } } },
        { id: 'happy', type: 'flow.exit' },
        { id: 'late', type: 'flow.exit' },
      ],
      ['ordered>shipped', 'shipped:happened>delivered', 'shipped:timedOut>late', 'delivered:happened>happy', 'delivered:timedOut>late'],
    );
    const events: SimulationInput['events'] = [
      { at: '1h', event: 'order_completed', properties: {} },
      { at: '2h', event: 'parcel_shipped', properties: { parcel: 'P1' } },
      { at: '3h', event: 'parcel_delivered', properties: { parcel: 'P2' } },
      { at: '4h', event: 'parcel_delivered', properties: { parcel: 'P1' } },
    ];
    const result = simulate(scenario, { contact: shopper, events, until: '5d' });
    expect(result.steps.find((s) => s.node === 'delivered' && s.output === 'happened')?.at).toBe(Date.parse('2026-01-05T12:00:00Z'));
  });
});

describe('validation of sameAs', () => {
  const raw = (entry: object, wait: object, edges = ['in>w1', 'w1:happened>w2', 'w1:timedOut>out', 'w2:happened>out', 'w2:timedOut>out']) =>
    validateScenario({
      schemaVersion: 1,
      id: 's',
      name: 's',
      nodes: [
        { id: 'in', ...entry },
        { id: 'w1', type: 'wait.event', config: { event: 'a', timeout: '1d' } },
        { id: 'w2', type: 'wait.event', config: { event: 'b', timeout: '1d', ...wait } },
        { id: 'out', type: 'flow.exit', config: {} },
      ],
      edges: edges.map((text, i) => {
        const [from, target] = text.split('>');
        const [source, sourceHandle = 'next'] = from.split(':');
        return { id: `e${i}`, source, sourceHandle, target };
      }),
    });
  const apiEntry = { type: 'entry.api', config: {} };
  const eventEntry = { type: 'entry.event', config: { event: 'cart_abandoned' } };

  test('is clean when the compared event can have happened before', () => {
    expect(raw(eventEntry, { sameAs: { property: 'cart_id' } }).errors).toEqual([]);
    expect(raw(apiEntry, { sameAs: { property: 'parcel', from: 'w1' } }).errors).toEqual([]);
  });

  test('locates a trigger that is no event, a source that awaits nothing, and one that cannot come before', () => {
    const codeAndPath = (result: ReturnType<typeof raw>) => result.errors.map((e) => [e.code, e.nodeId, e.path, e.params?.variant]);
    expect(codeAndPath(raw(apiEntry, { sameAs: { property: 'cart_id' } }))).toEqual([['same_as_unreachable', 'w2', ['nodes', 2, 'config', 'sameAs'], 'no_trigger_event']]);
    expect(codeAndPath(raw(apiEntry, { sameAs: { property: 'x', from: 'out' } }))).toEqual([['same_as_unreachable', 'w2', ['nodes', 2, 'config', 'sameAs', 'from'], 'not_a_wait']]);
    // w2 is reached only when w1 timed out: w1's event never happened on that path.
    const afterTimeout = raw(apiEntry, { sameAs: { property: 'x', from: 'w1' } }, ['in>w1', 'w1:happened>out', 'w1:timedOut>w2', 'w2:happened>out', 'w2:timedOut>out']);
    expect(codeAndPath(afterTimeout)).toEqual([['same_as_unreachable', 'w2', ['nodes', 2, 'config', 'sameAs', 'from'], 'not_before']]);
  });
});
