import { coverageOf, runTestCase, type Coverage, type Scenario, type TestCaseOutcome } from '@parcours/shared';
import { i18n } from '../i18n/index.ts';

/** Every saved case of the scenario run against it, and what they cover together. */
export interface CasesRun {
  /** By case name: its outcome, or the error that stopped it (a draft the engine cannot run). */
  outcomes: Map<string, TestCaseOutcome | Error>;
  coverage: Coverage;
}

export function runCases(scenario: Scenario): CasesRun {
  const outcomes = new Map<string, TestCaseOutcome | Error>();
  for (const testCase of scenario.tests) {
    try {
      outcomes.set(testCase.name, runTestCase(scenario, testCase));
    } catch (e) {
      outcomes.set(testCase.name, e instanceof Error ? e : new Error(String(e)));
    }
  }
  const ran = [...outcomes.values()].filter((o): o is TestCaseOutcome => !(o instanceof Error));
  return { outcomes, coverage: coverageOf(scenario, ran) };
}

/** "nodes 4/5, outputs 6/8 (75 %)": the percentage is the outputs', the finer measure. */
export function coverageLine({ nodes, outputs }: Coverage): string {
  return i18n.t('savedTests.coverageLine', { nodesCovered: nodes.covered, nodesTotal: nodes.total, outputsCovered: outputs.covered, outputsTotal: outputs.total, percent: outputs.percent });
}

/** Whether a saved case already has this name (names identify cases). */
export function nameTaken(scenario: Scenario, name: string): boolean {
  return scenario.tests.some((t) => t.name === name.trim());
}
