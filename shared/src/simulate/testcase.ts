import type { Scenario } from '../schema/scenario.ts';
import type { TestCase } from '../schema/testcase.ts';
import { DEFAULT_SIMULATION_START } from './defaults.ts';
import { resolveTimelineTime, simulate } from './simulate.ts';
import type { SimulatedMessage, SimulationResult } from './types.ts';

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

function compareMessages(expected: NonNullable<TestCase['expect']['messages']>, actual: SimulatedMessage[], start: number): string[] {
  const failures: string[] = [];
  const count = Math.max(expected.length, actual.length);
  for (let i = 0; i < count; i++) {
    const want = expected[i];
    const got = actual[i];
    if (!want) failures.push(`message ${i + 1}: unexpected ${describeMessage(got)} at ${new Date(got.at).toISOString()}`);
    else if (!got) failures.push(`message ${i + 1}: expected ${describeMessage(want)}, none was sent`);
    else {
      const mismatch =
        want.channel !== got.channel ||
        (want.template !== undefined && want.template !== got.template) ||
        (want.node !== undefined && want.node !== got.node) ||
        (want.at !== undefined && resolveTimelineTime(want.at, start) !== got.at);
      if (mismatch) {
        const wantAt = want.at ? ` at ${new Date(resolveTimelineTime(want.at, start)).toISOString()}` : '';
        failures.push(`message ${i + 1}: expected ${describeMessage(want)}${wantAt}, got ${describeMessage(got)} at ${new Date(got.at).toISOString()}`);
      }
    }
  }
  return failures;
}

/** Runs a saved case and checks every expectation it states. */
export function runTestCase(scenario: Scenario, testCase: TestCase): TestCaseOutcome {
  const result = simulate(scenario, { contact: testCase.contact, events: testCase.events, start: testCase.start, until: testCase.until });
  const path = pathOf(result);
  const { expect } = testCase;
  const failures: string[] = [];
  if (expect.path && expect.path.join() !== path.join()) {
    failures.push(`path: expected ${expect.path.join(' → ') || '(none)'}, got ${path.join(' → ') || '(none)'}`);
  }
  if (expect.messages) failures.push(...compareMessages(expect.messages, result.messages, Date.parse(testCase.start ?? DEFAULT_SIMULATION_START)));
  // A send that delivery would fail fails the case, whatever it expects: a saved case proves the journey works.
  result.messages.forEach((m, i) => {
    if (m.failure) failures.push(`message ${i + 1}: ${describeMessage(m)} would fail: ${m.failure}`);
  });
  if (expect.status && expect.status !== result.status) failures.push(`status: expected ${expect.status}, got ${result.status}`);
  if (expect.at && expect.at !== result.at) failures.push(`waiting at: expected ${expect.at}, got ${result.at ?? '(not waiting)'}`);
  return { name: testCase.name, passed: failures.length === 0, failures, path, result };
}
