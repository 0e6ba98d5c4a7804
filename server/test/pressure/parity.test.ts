import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactProfile, simulate, type GlobalPolicy, type PressureRule } from '@parcours/shared';
import { harness, publishScenario, type Harness } from '../helpers.ts';
import { parsedScenario, replay, simulatedResult } from '../replay.ts';
import { withPolicy } from './harness.ts';
import { twoSends, type TwoSendOptions } from './scenarios.ts';

/**
 * Consent, quiet hours and frequency caps decide the same way on the server as in the simulator:
 * a contact replayed through the HTTP API on the scheduler's clock gets exactly the simulated trace.
 */

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const visits = (...hours: number[]) => hours.map((n) => ({ at: `${n}h`, event: 'visit', properties: {} }));
const attributes = { email: 'zoe@example.test', phone: '+33612345678', firstName: 'Zoé', nickname: 'z' };

interface Case {
  scenario: TwoSendOptions;
  contact: { consents?: Record<string, boolean>; timeZone?: string };
  events: ReturnType<typeof visits>;
  start?: string;
  /** The rule the case must show held a message back (so that parity is not between two empty traces). */
  rule: PressureRule;
  outcome: 'skipped' | 'deferred';
}

const onVisit = { entry: { type: 'entry.event' as const, event: 'visit' }, wait: '1h', reentry: { policy: 'always' } };
const emailCap = { frequencyCaps: [{ channel: 'email', max: 2, per: '1d' }] };

const CASES: Record<string, Case> = {
  'no consent: skipped': { scenario: onVisit, contact: { consents: {} }, events: visits(0), rule: 'consent', outcome: 'skipped' },
  'consent for another channel: SMS skipped': {
    scenario: { ...onVisit, channel: 'sms' },
    contact: { consents: { email: true, sms: false } },
    events: visits(0),
    rule: 'consent',
    outcome: 'skipped',
  },
  'scenario cap, skip': { scenario: { ...onVisit, settings: emailCap }, contact: { consents: { email: true } }, events: visits(0, 2), rule: 'frequency_cap', outcome: 'skipped' },
  'scenario cap, defer': {
    scenario: { ...onVisit, onCap: 'defer', settings: emailCap },
    contact: { consents: { email: true } },
    events: visits(0, 2),
    rule: 'frequency_cap',
    outcome: 'deferred',
  },
  'quiet hours in the contact time zone': {
    scenario: { ...onVisit, wait: '2h', settings: { quietHours: { start: '21:00', end: '08:00' } } },
    contact: { consents: { email: true }, timeZone: 'Europe/Paris' },
    events: visits(0),
    start: '2026-01-05T19:00:00Z',
    rule: 'quiet_hours',
    outcome: 'deferred',
  },
};

function testCase(c: Case) {
  return { contact: ContactProfile.parse({ id: 'zoe', attributes, ...c.contact }), events: c.events, start: c.start, until: '5d' };
}

const heldBy = (trace: ReadonlyArray<object>, c: Pick<Case, 'rule' | 'outcome'>) => trace.filter((s) => 'rule' in s && s.rule === c.rule && 'outcome' in s && s.outcome === c.outcome).length;

describe('scenario pressure settings: server trace equals simulate()', () => {
  it.each(Object.entries(CASES))('%s', async (_name, c) => {
    const file = twoSends(c.scenario);
    const scenario = parsedScenario(file);
    await publishScenario(h, file);
    const server = await replay(h, scenario, testCase(c));
    expect(server).toEqual(simulatedResult(scenario, testCase(c)));
    expect(heldBy(server.steps, c)).toBeGreaterThan(0);
  });
});

describe('the global policy: server trace equals simulate() with the same policy', () => {
  const POLICIES: Record<string, { policy: GlobalPolicy; rule: PressureRule; outcome: 'skipped' | 'deferred'; start?: string; timeZone?: string }> = {
    'global cap': { policy: { frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }] }, rule: 'frequency_cap', outcome: 'skipped' },
    'global quiet hours': {
      policy: { frequencyCaps: [], quietHours: { start: '20:00', end: '09:00' } },
      rule: 'quiet_hours',
      outcome: 'deferred',
      start: '2026-01-05T18:30:00Z',
      timeZone: 'Europe/Paris',
    },
  };

  it.each(Object.entries(POLICIES))('%s', async (_name, { policy, rule, outcome, start, timeZone }) => {
    const file = twoSends(onVisit);
    const scenario = parsedScenario(file);
    const c: Case = { scenario: onVisit, contact: { consents: { email: true }, ...(timeZone ? { timeZone } : {}) }, events: visits(0, 2, 4), start, rule, outcome };
    const p = withPolicy(h, policy);
    await publishScenario(p, file);
    const server = await replay(p, scenario, testCase(c));
    const simulated = simulate(scenario, { ...testCase(c), policy });
    expect(server.steps).toEqual(simulated.steps.map(({ pass: _pass, ...s }) => s));
    expect(server.messages.map((m) => m.at)).toEqual(simulated.messages.map((m) => m.at));
    expect(heldBy(server.steps, c)).toBeGreaterThan(0);
    // Without the policy the same contact is not held back: the policy is what made the difference.
    const unbounded = simulate(scenario, testCase(c));
    expect(heldBy(unbounded.steps, c)).toBe(0);
  });
});
