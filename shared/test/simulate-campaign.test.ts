import { describe, expect, test } from 'vitest';
import { TestCase, runTestCase, simulate, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

/** A campaign start in the simulator's timeline; the server agreeing is test/parity/campaign-start.test.ts. */

const journey = (entry: { type: string; config?: unknown }, reentry: object = { policy: 'never' }) =>
  scenarioOf([{ id: 'in', ...entry }, { id: 'wait', type: 'wait.delay', config: { duration: '2d' } }, { id: 'end', type: 'flow.exit' }], ['in>wait', 'wait>end'], { settings: { reentry } });
const api = journey({ type: 'entry.api' });
const run = (events: SimulationInput['events'], segments?: SimulationInput['segments'], scenario = api) => simulate(scenario, { contact: shopper, events, segments });
const HOUR = 3_600_000;
/** Each campaign start as its skip reason, or `enrolled`. */
const outcomes = (result: ReturnType<typeof run>) => result.campaigns.map((c) => (c.status === 'skipped' ? c.reason : c.status));

describe('a campaign start in the timeline', () => {
  test('an API entry waits for the campaign instead of starting at the start, and the start says which pass it began', () => {
    const result = run([{ at: '2h', campaign: true }]);
    expect(result.steps[0]).toMatchObject({ node: 'in', at: result.start + 2 * HOUR });
    expect(result.campaigns).toEqual([{ at: result.start + 2 * HOUR, status: 'enrolled', pass: 1 }]);
  });

  test('without a campaign start, an API entry still enrols the contact at the start', () => {
    expect(run([]).steps[0]).toMatchObject({ node: 'in', at: run([]).start });
  });

  test('the reasons of the campaign run: already in the journey, not allowed back', () => {
    const result = run([{ at: '1h', campaign: true }, { at: '1d', campaign: true }, { at: '3d', campaign: true }]);
    expect(outcomes(result)).toEqual(['enrolled', 'in_journey', 'reentry']);
    expect(result.passes).toBe(1);
  });

  test('with saved segments, the contact must be in the named one; without, it is taken to be', () => {
    const segments = [{ id: 'seg-pro', condition: { attribute: 'plan', op: 'eq' as const, value: 'pro' } }];
    const events: SimulationInput['events'] = [{ at: '1h', campaign: true, segment: 'seg-pro' }, { at: '2h', attributes: { plan: 'pro' } }, { at: '3h', campaign: true, segment: 'seg-pro' }];
    expect(outcomes(run(events, segments))).toEqual(['left_segment', 'enrolled']);
    expect(outcomes(run(events))).toEqual(['enrolled', 'in_journey']);
    // A segment the simulation does not have is one the contact is not in, as a deleted segment on the server.
    expect(run([{ at: '1h', campaign: true, segment: 'seg-gone' }], segments).campaigns[0]).toMatchObject({ status: 'skipped', reason: 'left_segment' });
  });

  test('a campaign start before the start of the simulation is history: it starts nothing', () => {
    const result = run([{ at: '2026-01-01T08:00:00Z', campaign: true }], undefined, journey({ type: 'entry.event', config: { event: 'signed_up' } }));
    expect(result).toMatchObject({ status: 'not_entered', campaigns: [] });
  });

  test('a saved test case can hold a campaign start, and its JSON is checked', () => {
    const testCase = TestCase.parse({ name: 'campaign', contact: shopper, events: [{ at: '1d', campaign: true }], expect: { path: ['in', 'wait', 'end'], status: 'exited' } });
    expect(runTestCase(api, testCase)).toMatchObject({ passed: true });
    expect(TestCase.safeParse({ ...testCase, events: [{ at: '1d', campaign: false }] }).success).toBe(false);
    expect(TestCase.safeParse({ ...testCase, events: [{ at: '1d', campaign: true, segment: '' }] }).success).toBe(false);
  });
});
