import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compileScenario, simulate, step, type ContactFacts, type EngineInput, type SentMessage, type StepContext } from '../src/index.ts';
import { cartScenario, shopper } from './fixtures.ts';

const T0 = Date.parse('2026-01-05T08:00:00Z');
const facts = (): ContactFacts => ({ ...shopper, events: [] });

/** Drives one enrolment through step() with a JSON round trip of the snapshot each time, as the server does. */
function serverLike() {
  const compiled = compileScenario(cartScenario());
  const contact = facts();
  const sent: SentMessage[] = [];
  let snapshot: unknown = null;
  const ctx = (now: number): StepContext => ({ now, contact, sent, enrolmentKey: 'enrolment-1' });
  return {
    compiled,
    contact,
    deliver(input: EngineInput, now: number) {
      const result = step(compiled, snapshot, input, ctx(now));
      snapshot = JSON.parse(JSON.stringify(result.snapshot));
      return result;
    },
  };
}

describe('step over persisted snapshots', () => {
  test('a wait asks for a timer, ignores a stale one and moves on with the right one', () => {
    const engine = serverLike();
    const abandon = { name: 'cart_abandoned', at: T0, properties: { total: 80 } };
    engine.contact.events.push(abandon);
    const entered = engine.deliver({ kind: 'enter', event: abandon }, T0);
    expect(entered.status).toBe('active');
    expect(entered.node).toBe('wait_order');
    const schedule = entered.effects.find((e) => e.kind === 'schedule');
    expect(schedule).toEqual({ kind: 'schedule', node: 'wait_order', seq: 1, at: T0 + 4 * 3_600_000 });

    const stale = engine.deliver({ kind: 'timer', node: 'wait_order', seq: 0 }, T0 + 5 * 3_600_000);
    expect(stale.steps).toEqual([]);
    expect(stale.node).toBe('wait_order');

    const fired = engine.deliver({ kind: 'timer', node: 'wait_order', seq: 1 }, T0 + 4 * 3_600_000);
    expect(fired.steps.map((s) => [s.node, s.outcome])).toEqual([
      ['wait_order', 'timed_out'],
      ['reminder', 'sent'],
      ['wait_again', 'waiting'],
    ]);
    expect(fired.effects.map((e) => e.kind)).toEqual(['cancelTimers', 'send', 'schedule']);
    const send = fired.effects.find((e) => e.kind === 'send');
    expect(send).toMatchObject({ message: { channel: 'email', template: 'reminder', idempotencyKey: 'enrolment-1:reminder:2' } });
  });

  test("a send carries the enrolment's triggering event from the context, on a later step too, and none without one", () => {
    const compiled = compileScenario(cartScenario());
    const trigger = { name: 'cart_abandoned', properties: { total: 80 } };
    const ctx = (withTrigger: boolean): StepContext => ({ now: T0, contact: facts(), sent: [], enrolmentKey: 'k', ...(withTrigger ? { trigger } : {}) });
    const entered = step(compiled, null, { kind: 'enter' }, ctx(true));
    const timer = { kind: 'timer' as const, node: 'wait_order', seq: 1 };
    const sendOf = (withTrigger: boolean) => step(compiled, entered.snapshot, timer, ctx(withTrigger)).effects.find((e) => e.kind === 'send');
    expect(sendOf(true)).toMatchObject({ message: { template: 'reminder', event: trigger } });
    expect(sendOf(false)).toMatchObject({ message: { template: 'reminder' } });
    expect(sendOf(false)).not.toHaveProperty('message.event');
  });

  test('replaying the same input on the same snapshot gives the same effects (idempotency keys included)', () => {
    const compiled = compileScenario(cartScenario());
    const ctx = (): StepContext => ({ now: T0, contact: facts(), sent: [], enrolmentKey: 'k' });
    const first = step(compiled, null, { kind: 'enter' }, ctx());
    const again = step(compiled, null, { kind: 'enter' }, ctx());
    expect(again).toEqual(first);
    const timer = { kind: 'timer' as const, node: 'wait_order', seq: 1 };
    expect(step(compiled, first.snapshot, timer, ctx())).toEqual(step(compiled, first.snapshot, timer, ctx()));
  });

  test('a finished enrolment ignores further input', () => {
    const engine = serverLike();
    engine.deliver({ kind: 'enter' }, T0);
    const done = engine.deliver({ kind: 'event', event: { name: 'order_completed', at: T0 + 1000, properties: {} } }, T0 + 1000);
    expect(done.status).toBe('exited');
    const after = engine.deliver({ kind: 'timer', node: 'wait_order', seq: 1 }, T0 + 4 * 3_600_000);
    expect(after).toMatchObject({ status: 'exited', steps: [], effects: [] });
  });

  test('the persisted snapshot is small: where the contact is and a counter, no contact data', () => {
    const engine = serverLike();
    const result = engine.deliver({ kind: 'enter' }, T0);
    const text = JSON.stringify(result.snapshot);
    expect(text).toContain('"wait_order"');
    expect(text).not.toContain(shopper.id);
    expect(text.length).toBeLessThan(200);
  });
});

describe('the machine', () => {
  test('has one state per node plus the synthetic final states', () => {
    const compiled = compileScenario(cartScenario());
    const states = Object.keys(compiled.machine.config.states ?? {});
    expect(states).toEqual([...cartScenario().nodes.map((n) => n.id), '__exited', '__converted', '__end']);
  });
});

describe('determinism', () => {
  const names = ['cart_abandoned', 'order_completed', 'page_viewed'];
  const timeline = fc.array(
    fc.record({
      at: fc.integer({ min: 0, max: 72 }).map((h) => `${h}h`),
      event: fc.constantFrom(...names),
      properties: fc.record({ total: fc.integer({ min: 0, max: 200 }) }),
    }),
    { maxLength: 8 },
  );

  test('simulating the same contact and events twice gives the same trace', () => {
    fc.assert(
      fc.property(timeline, fc.string({ minLength: 1, maxLength: 8 }), (events, id) => {
        const input = { contact: { ...shopper, id }, events };
        const first = simulate(cartScenario(), input);
        expect(simulate(cartScenario(), input)).toEqual(first);
      }),
      { numRuns: 150 },
    );
  });
});
