import { describe, expect, test } from 'vitest';
import { TestCase, formatValidationError, runTestCase, simulate, validateScenario, type SimulationInput } from '../src/index.ts';
import { scenarioOf, shopper } from './fixtures.ts';

/** A saved case's `expect.campaigns`, and a local-time campaign's start in the simulator (parity: test/parity/campaign-start.test.ts). */

const api = scenarioOf(
  [
    { id: 'in', type: 'entry.api' },
    { id: 'wait', type: 'wait.delay', config: { duration: '2d' } },
    { id: 'end', type: 'flow.exit' },
  ],
  ['in>wait', 'wait>end'],
  { settings: { reentry: { policy: 'after', after: '3d' } } },
);
/** Started, then in the journey, then too soon to come back, then started again. */
const STARTS = [{ at: '1h', campaign: true }, { at: '1d', campaign: true }, { at: '3d', campaign: true }, { at: '4d', campaign: true }] as const;
const caseOf = (campaigns: unknown, events: readonly object[] = STARTS) => TestCase.parse({ name: 'starts', contact: shopper, events, expect: { campaigns } });
const iso = (text: string) => new Date(text).toISOString();

describe('expect.campaigns', () => {
  test('passes when each start has the expected outcome, its pass and its time where given', () => {
    const outcome = runTestCase(
      api,
      caseOf([
        { status: 'enrolled', pass: 1, at: '1h' },
        { status: 'skipped', reason: 'in_journey' },
        { status: 'skipped', reason: 'reentry', at: '3d' },
        { status: 'enrolled' },
      ]),
    );
    expect(outcome.failures).toEqual([]);
    expect(outcome.passed).toBe(true);
  });

  test('fails with a line per start that differs: expected against actual, in order', () => {
    const outcome = runTestCase(
      api,
      caseOf([
        { status: 'enrolled', pass: 1 },
        { status: 'skipped', reason: 'reentry' },
        { status: 'enrolled', at: '3d' },
        { status: 'enrolled', pass: 1 },
      ]),
    );
    expect(outcome.passed).toBe(false);
    expect(outcome.failures).toEqual([
      `campaign start 2: expected skipped (reentry), got skipped (in_journey) at ${iso('2026-01-06T08:00:00Z')}`,
      `campaign start 3: expected enrolled at ${iso('2026-01-08T08:00:00Z')}, got skipped (reentry) at ${iso('2026-01-08T08:00:00Z')}`,
      `campaign start 4: expected enrolled (pass 1), got enrolled (pass 2) at ${iso('2026-01-09T08:00:00Z')}`,
    ]);
  });

  test('a start expected that the timeline lacks, and one it has that is not expected, both fail', () => {
    const missing = runTestCase(api, caseOf([{ status: 'enrolled' }, { status: 'skipped', reason: 'in_journey' }], [STARTS[0]]));
    expect(missing.failures).toEqual(['campaign start 2: expected skipped (in_journey), the timeline started no campaign then']);
    const extra = runTestCase(api, caseOf([{ status: 'enrolled' }], STARTS.slice(0, 2)));
    expect(extra.failures).toEqual([`campaign start 2: unexpected skipped (in_journey) at ${iso('2026-01-06T08:00:00Z')}`]);
    // An empty list expects no campaign start at all.
    expect(runTestCase(api, caseOf([], [])).passed).toBe(true);
  });

  test('a bad expectation is a validation error located on the case and the field', () => {
    const file = { schemaVersion: 1, id: 'j', name: 'J', nodes: api.nodes, edges: api.edges, settings: api.settings };
    const errorsOf = (campaigns: unknown) =>
      validateScenario({ ...file, tests: [{ name: 'starts', contact: shopper, events: STARTS, expect: { campaigns } }] }).errors.map(formatValidationError);
    expect(errorsOf([{ status: 'skipped', reason: 'gone_fishing' }])).toEqual([expect.stringMatching(/^tests\[0\]\.expect\.campaigns\[0\]\.reason: /)]);
    expect(errorsOf([{ status: 'enrolled' }, { status: 'skipped' }])).toEqual([expect.stringMatching(/^tests\[0\]\.expect\.campaigns\[1\]\.reason: /)]);
    expect(errorsOf([{ status: 'started' }])).toEqual([expect.stringMatching(/^tests\[0\]\.expect\.campaigns\[0\]\.status: /)]);
    expect(errorsOf([{ status: 'enrolled', pass: 0 }])).toEqual([expect.stringMatching(/^tests\[0\]\.expect\.campaigns\[0\]\.pass: /)]);
    expect(errorsOf([{ status: 'enrolled', reason: 'reentry' }])).toEqual([expect.stringMatching(/^tests\[0\]\.expect\.campaigns\[0\]/)]);
    expect(errorsOf([{ status: 'enrolled', pass: 1, at: '1h' }])).toEqual([]);
  });
});

describe('a local-time campaign start', () => {
  const startsOf = (contact: SimulationInput['contact'], events: SimulationInput['events']) => simulate(api, { contact, events }).campaigns.map((c) => new Date(c.at).toISOString());
  const tokyo = { ...shopper, timeZone: 'Asia/Tokyo' };
  const noZone = { id: 'c2', attributes: {}, consents: {}, lists: [] };

  test("reaches the contact at the campaign's time of day in their own zone, on the day it reads in the campaign's zone", () => {
    // 2026-01-06 08:00 UTC is 09:00 in Paris: 09:00 in Tokyo is midnight UTC, 09:00 in New York 14:00 UTC.
    const paris = { at: '1d', campaign: true, localTime: true, timeZone: 'Europe/Paris' } as const;
    expect(startsOf(tokyo, [paris])).toEqual([iso('2026-01-06T00:00:00Z')]);
    expect(startsOf({ ...shopper, timeZone: 'America/New_York' }, [paris])).toEqual([iso('2026-01-06T14:00:00Z')]);
    // A contact without a zone gets the campaign's.
    expect(startsOf(noZone, [paris])).toEqual([iso('2026-01-06T08:00:00Z')]);
    // The campaign's zone is UTC when it names none: 08:00 on the 6th.
    expect(startsOf(tokyo, [{ at: '1d', campaign: true, localTime: true }])).toEqual([iso('2026-01-05T23:00:00Z')]);
  });

  test('reaches the contact in the zone they have when the run copies its audience: an identify before the copy moves it, one after does not', () => {
    // The run copies its audience when UTC+14 reaches 09:00 on the 6th: 19:00 UTC on the 5th (11 h after the start).
    const paris = { at: '1d', campaign: true, localTime: true, timeZone: 'Europe/Paris' } as const;
    const becomesTokyo = (at: string) => ({ at, identify: 'known-1', profile: { timeZone: 'Asia/Tokyo' } });
    expect(startsOf(noZone, [becomesTokyo('10h'), paris])).toEqual([iso('2026-01-06T00:00:00Z')]);
    // After the copy, the contact's instant is set: the campaign's zone, as for a contact without one then.
    expect(startsOf(noZone, [becomesTokyo('12h'), paris])).toEqual([iso('2026-01-06T08:00:00Z')]);
  });

  test('a campaign not at local time reaches every contact at its instant, whatever their zone', () => {
    expect(startsOf(tokyo, [{ at: '1d', campaign: true, timeZone: 'Europe/Paris' }])).toEqual([iso('2026-01-06T08:00:00Z')]);
  });

  test("takes its place in the timeline at the contact's instant, before entries written earlier in the list but due later", () => {
    const result = simulate(api, {
      contact: tokyo,
      events: [
        { at: '20h', attributes: { plan: 'pro' } },
        { at: '1d', campaign: true, localTime: true, timeZone: 'Europe/Paris' },
        { at: '1d', campaign: true },
      ],
    });
    expect(result.campaigns).toEqual([
      { at: Date.parse('2026-01-06T00:00:00Z'), status: 'enrolled', pass: 1 },
      { at: Date.parse('2026-01-06T08:00:00Z'), status: 'skipped', reason: 'in_journey' },
    ]);
    expect(result.steps[0]).toMatchObject({ node: 'in', at: Date.parse('2026-01-06T00:00:00Z') });
  });

  test("takes the contact into the run's audience only if in the segment when the run copies it, when UTC+14 reaches the time", () => {
    const segments = [{ id: 'seg-pro', condition: { attribute: 'plan', op: 'eq' as const, value: 'pro' } }];
    const newYork = { ...shopper, timeZone: 'America/New_York' };
    // 09:00 on the 7th: the run copies its audience on the 6th at 19:00 UTC; 09:00 in New York is 14:00 UTC on the 7th.
    const local = { at: '2026-01-07T09:00:00Z', campaign: true, segment: 'seg-pro', localTime: true } as const;
    const joiningAt = (at: string) => simulate(api, { contact: newYork, events: [local, { at, attributes: { plan: 'pro' } }], segments }).campaigns;
    expect(joiningAt('2026-01-07T10:00:00Z')).toEqual([{ at: Date.parse('2026-01-07T14:00:00Z'), status: 'skipped', reason: 'left_segment' }]);
    expect(joiningAt('2026-01-06T18:00:00Z')).toEqual([{ at: Date.parse('2026-01-07T14:00:00Z'), status: 'enrolled', pass: 1 }]);
    // 20:00 on the 5th would be copied at 06:00 UTC, before the simulation starts (08:00): it is copied at the start.
    const evening = { ...local, at: '2026-01-05T20:00:00Z' };
    const evenings = (joinAt: string) => simulate(api, { contact: newYork, events: [evening, { at: joinAt, attributes: { plan: 'pro' } }], segments }).campaigns;
    expect(evenings('2026-01-05T08:01:00Z')).toEqual([{ at: Date.parse('2026-01-06T01:00:00Z'), status: 'skipped', reason: 'left_segment' }]);
    expect(evenings('2026-01-05T07:00:00Z')).toEqual([{ at: Date.parse('2026-01-06T01:00:00Z'), status: 'enrolled', pass: 1 }]);
  });

  test('a saved case checks the campaign zone it names', () => {
    const parsed = TestCase.safeParse({ name: 'zone', contact: shopper, events: [{ at: '1d', campaign: true, localTime: true, timeZone: 'Europe/Pariss' }], expect: {} });
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['events.0.timeZone']);
  });
});
