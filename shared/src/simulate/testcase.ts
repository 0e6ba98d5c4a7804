import type { Scenario } from '../schema/scenario.ts';
import type { ExpectedCampaignStart, ExpectedMessage, TestCase } from '../schema/testcase.ts';
import { DEFAULT_SIMULATION_START } from './defaults.ts';
import { resolveTimelineTime, simulate } from './simulate.ts';
import type { SimulatedCampaignStart, SimulatedMessage, SimulationResult } from './types.ts';

export interface TestCaseOutcome {
  name: string;
  passed: boolean;
  /** One readable line per expectation that did not hold. */
  failures: string[];
  /** The node ids the contact passed, consecutive repeats collapsed: what `expect.path` is compared to. */
  path: string[];
  result: SimulationResult;
}

/** The nodes a contact passed, in order, a node that waits and then resumes counted once. */
export function pathOf(result: SimulationResult): string[] {
  return result.steps.map((s) => s.node).filter((node, i, all) => i === 0 || all[i - 1] !== node);
}

const describeMessage = (m: { channel: string; template?: string; node?: string }) =>
  [m.channel, m.template && `template ${m.template}`, m.node && `at node ${m.node}`].filter(Boolean).join(' ');

const isoAt = (at: number) => new Date(at).toISOString();

/**
 * Compares what a case expects with what happened, item by item in order: one line per item that differs, is missing
 * or is extra, each numbered from 1 and named by `label` ("message 2: ...").
 */
function compareInOrder<Want extends { at?: string }, Got extends { at: number }>(
  label: string,
  expected: readonly Want[],
  actual: readonly Got[],
  start: number,
  { matches, describeWant, describeGot, missing }: { matches: (want: Want, got: Got) => boolean; describeWant: (want: Want) => string; describeGot: (got: Got) => string; missing: string },
): string[] {
  const failures: string[] = [];
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    const want = expected[i];
    const got = actual[i];
    const wantAt = want?.at === undefined ? undefined : resolveTimelineTime(want.at, start);
    if (!want) failures.push(`${label} ${i + 1}: unexpected ${describeGot(got)} at ${isoAt(got.at)}`);
    else if (!got) failures.push(`${label} ${i + 1}: expected ${describeWant(want)}, ${missing}`);
    else if (!matches(want, got) || (wantAt !== undefined && wantAt !== got.at)) {
      failures.push(`${label} ${i + 1}: expected ${describeWant(want)}${wantAt !== undefined ? ` at ${isoAt(wantAt)}` : ''}, got ${describeGot(got)} at ${isoAt(got.at)}`);
    }
  }
  return failures;
}

const compareMessages = (expected: ExpectedMessage[], actual: SimulatedMessage[], start: number): string[] =>
  compareInOrder('message', expected, actual, start, {
    matches: (want, got) => want.channel === got.channel && (want.template === undefined || want.template === got.template) && (want.node === undefined || want.node === got.node),
    describeWant: describeMessage,
    describeGot: describeMessage,
    missing: 'none was sent',
  });

/** "started (pass 2)", "skipped (reentry)": a campaign start's outcome in the words of the case's fields. */
export const describeCampaignStart = (c: ExpectedCampaignStart | SimulatedCampaignStart): string =>
  c.status === 'skipped' ? `skipped (${c.reason})` : c.pass === undefined ? 'enrolled' : `enrolled (pass ${c.pass})`;

/** The timeline's campaign starts against the case's `expect.campaigns`: status, reason and pass where given, in order. */
export const compareCampaignStarts = (expected: ExpectedCampaignStart[], actual: SimulatedCampaignStart[], start: number): string[] =>
  compareInOrder('campaign start', expected, actual, start, {
    matches: (want, got) =>
      want.status === 'skipped' ? got.status === 'skipped' && got.reason === want.reason : got.status === 'enrolled' && (want.pass === undefined || want.pass === got.pass),
    describeWant: describeCampaignStart,
    describeGot: describeCampaignStart,
    missing: 'the timeline started no campaign then',
  });

/** Runs a saved case and checks every expectation it states. */
export function runTestCase(scenario: Scenario, testCase: TestCase): TestCaseOutcome {
  const result = simulate(scenario, { contact: testCase.contact, events: testCase.events, start: testCase.start, until: testCase.until });
  const path = pathOf(result);
  const { expect } = testCase;
  const failures: string[] = [];
  if (expect.path && expect.path.join() !== path.join()) {
    failures.push(`path: expected ${expect.path.join(' → ') || '(none)'}, got ${path.join(' → ') || '(none)'}`);
  }
  const start = Date.parse(testCase.start ?? DEFAULT_SIMULATION_START);
  if (expect.messages) failures.push(...compareMessages(expect.messages, result.messages, start));
  // A send that delivery would fail fails the case, whatever it expects: a saved case proves the journey works.
  result.messages.forEach((m, i) => {
    if (m.failure) failures.push(`message ${i + 1}: ${describeMessage(m)} would fail: ${m.failure}`);
  });
  if (expect.status && expect.status !== result.status) failures.push(`status: expected ${expect.status}, got ${result.status}`);
  if (expect.at && expect.at !== result.at) failures.push(`waiting at: expected ${expect.at}, got ${result.at ?? '(not waiting)'}`);
  if (expect.campaigns) failures.push(...compareCampaignStarts(expect.campaigns, result.campaigns, start));
  return { name: testCase.name, passed: failures.length === 0, failures, path, result };
}
