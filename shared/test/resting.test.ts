import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Scenario, advance, compileScenario, type ContactEvent, type EngineInput, type StepContext } from '../src/index.ts';
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
            ruledOut++;
            const live = compiled.machine.resolveState({ value: node, context: { seq: 1 } });
            const engineInput: EngineInput = input ? { kind: 'event', event: input } : { kind: 'facts' };
            const ctx: StepContext = { now: T0, contact: { id: 'c', attributes: {}, consents: {}, lists: [], timeZone: 'UTC', events: input ? [input] : [] }, sent: [], enrolmentKey: 'k' };
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
});
