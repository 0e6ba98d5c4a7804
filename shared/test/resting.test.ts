import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Scenario, VISIT_COUNTED, advance, compileScenario, definitionOf, evaluateCondition, type ContactEvent, type EngineInput, type NodeOf, type StepContext } from '../src/index.ts';
import { EVENTS, scenarioArbitrary } from './arbitraries/scenario.ts';

const T0 = Date.parse('2026-01-05T08:00:00Z');

const event: fc.Arbitrary<ContactEvent> = fc.record({
  name: fc.constantFrom(...EVENTS, 'unheard_of'),
  at: fc.constant(T0),
  properties: fc.record({ amount: fc.integer({ min: 0, max: 100 }), sku: fc.constantFrom('a', 'b') }, { requiredKeys: [] }),
});

/**
 * `step` answers an event or a change of facts without running the machine wherever
 * `CompiledScenario.mayMove` says it cannot move the contact: at every node of generated scenarios,
 * whenever it says so, the machine itself (`advance`) indeed hands back the very snapshot it was
 * given, with no effect and no trace.
 */
describe('resting contacts', () => {
  test('an input mayMove rules out moves nothing when the machine runs it', () => {
    let ruledOut = 0;
    fc.assert(
      fc.property(scenarioArbitrary('gen'), fc.array(fc.option(event, { nil: undefined }), { minLength: 1, maxLength: 6 }), (file, inputs) => {
        const compiled = compileScenario(Scenario.parse(file));
        for (const node of compiled.nodes.keys()) {
          for (const input of inputs) {
            if (compiled.mayMove(node, input)) continue;
            const ctx: StepContext = { now: T0, contact: { id: 'c', attributes: {}, consents: {}, lists: [], timeZone: 'UTC', events: input ? [input] : [] }, sent: [], enrolmentKey: 'k' };
            // A contact rests at a condition wait only while its condition is false (new facts re-read it).
            const at = compiled.nodes.get(node)!;
            if (at.type === 'wait.condition' && evaluateCondition((at as NodeOf<'wait.condition'>).config.condition, ctx.contact, T0)) continue;
            ruledOut++;
            const live = compiled.machine.resolveState({ value: node, context: { seq: 1 } });
            const engineInput: EngineInput = input ? { kind: 'event', event: input } : { kind: 'facts' };
            const result = advance(compiled, live, engineInput, ctx);
            expect({ node, moved: result.live !== live, effects: result.effects, steps: result.steps }).toEqual({ node, moved: false, effects: [], steps: [] });
          }
        }
      }),
      { numRuns: 300 },
    );
    // The property is not vacuous: the generator reaches nodes where inputs are ruled out.
    expect(ruledOut).toBeGreaterThan(100);
  });

  test('an event moves nobody anywhere in a version exactly when it moves nobody at any node', () => {
    fc.assert(
      fc.property(scenarioArbitrary('gen'), event, (file, input) => {
        const compiled = compileScenario(Scenario.parse(file));
        // Where contacts rest: waits and sends (a deferred send waits too).
        const restingNodes = [...compiled.nodes.values()].filter((n) => VISIT_COUNTED.has(definitionOf(n.type).machine));
        if (!compiled.mayMoveAnywhere(input)) for (const node of restingNodes) expect(compiled.mayMove(node.id, input)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a condition wait', () => {
  const waiting = (condition: unknown) =>
    compileScenario(
      Scenario.parse({
        schemaVersion: 1,
        id: 's',
        name: 'S',
        nodes: [
          { id: 'start', type: 'entry.event', config: { event: 'go' } },
          { id: 'wait', type: 'wait.condition', config: { condition, timeout: '7d' } },
          { id: 'done', type: 'flow.exit', config: {} },
        ],
        edges: [
          { id: 'a', source: 'start', target: 'wait' },
          { id: 'b', source: 'wait', sourceHandle: 'met', target: 'done' },
          { id: 'c', source: 'wait', sourceHandle: 'timedOut', target: 'done' },
        ],
      }),
    );
  const page: ContactEvent = { name: 'page_viewed', at: T0, properties: {} };

  test('on attributes is moved by new facts, not by events', () => {
    const compiled = waiting({ attribute: 'renewed', op: 'eq', value: true });
    expect(compiled.mayMove('wait')).toBe(true);
    expect(compiled.mayMove('wait', page)).toBe(false);
    expect(compiled.mayMoveAnywhere(page)).toBe(false);
  });

  test('on the event history may be moved by any event (one it counts, or time moving its window)', () => {
    const compiled = waiting({ not: { event: 'order_completed', within: '30d' } });
    expect(compiled.mayMove('wait', page)).toBe(true);
    expect(compiled.mayMoveAnywhere(page)).toBe(true);
  });
});
