import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { SimulationError, coverageOf, runTestCase, type Scenario, type TestCase, type TestCaseOutcome } from '@parcours/shared';
import { CliError, EXIT_FAILED, EXIT_UNUSABLE } from '../errors.ts';
import { junitXml, type JunitCase, type JunitSuite } from '../format/junit.ts';
import { describeFailure } from '../format/test-report.ts';
import { scenarioFiles } from '../io/discover.ts';
import { checkScenarioFile } from '../io/scenario-file.ts';
import type { Output } from '../output.ts';

export const DEFAULT_SCENARIOS_DIR = 'scenarios';

export interface TestOptions {
  junit?: string;
  coverage?: boolean;
}

function runCase(scenario: Scenario, testCase: TestCase): { junit: JunitCase; outcome?: TestCaseOutcome } {
  const started = performance.now();
  let failure: JunitCase['failure'];
  let outcome: TestCaseOutcome | undefined;
  try {
    outcome = runTestCase(scenario, testCase);
    if (!outcome.passed) failure = { message: outcome.failures[0] ?? 'failed', details: describeFailure(testCase, outcome) };
  } catch (error) {
    // A loop that waits too little: the case fails, the other cases still run.
    if (!(error instanceof SimulationError)) throw error;
    failure = { message: error.message, details: [error.message] };
  }
  return { junit: { name: testCase.name, seconds: (performance.now() - started) / 1000, ...(failure ? { failure } : {}) }, outcome };
}

/** Which nodes and branch outputs the cases exercised, and which they did not. */
function printCoverage(scenario: Scenario, outcomes: TestCaseOutcome[], out: Output): void {
  const { nodes, outputs } = coverageOf(scenario, outcomes);
  out.log(`  coverage: nodes ${nodes.covered}/${nodes.total} (${nodes.percent}%), outputs ${outputs.covered}/${outputs.total} (${outputs.percent}%)`);
  for (const node of nodes.uncovered) out.log(`    not visited: ${node}`);
  for (const { node, output } of outputs.uncovered) out.log(`    not taken: ${node} → ${output}`);
}

/** Runs every saved case of one file, printing ✓/✗ as it goes; returns the suite and the exit code it calls for. */
function testFile(file: string, options: TestOptions, out: Output): { suite: JunitSuite; exitCode: number } {
  let check;
  try {
    check = checkScenarioFile(file);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    error.lines.forEach((line) => out.error(line));
    return { suite: { name: file, file, cases: [], error: { message: error.lines[0], details: error.lines } }, exitCode: error.exitCode };
  }
  if (!check.ok) {
    out.log(`✗ ${file}: invalid scenario, no case run`);
    check.lines.forEach((line) => out.log(`    ${line}`));
    return { suite: { name: file, file, cases: [], error: { message: 'invalid scenario', details: check.lines } }, exitCode: EXIT_FAILED };
  }
  const { scenario } = check;
  out.log(`${file}: ${scenario.name}`);
  if (scenario.tests.length === 0) out.log('  (no saved case)');
  const runs = scenario.tests.map((testCase) => {
    const run = runCase(scenario, testCase);
    out.log(`  ${run.junit.failure ? '✗' : '✓'} ${testCase.name}`);
    run.junit.failure?.details.forEach((line) => out.log(`      ${line}`));
    return run;
  });
  if (options.coverage) printCoverage(scenario, runs.flatMap((r) => (r.outcome ? [r.outcome] : [])), out);
  const cases = runs.map((r) => r.junit);
  return { suite: { name: scenario.id, file, cases }, exitCode: cases.some((c) => c.failure) ? EXIT_FAILED : 0 };
}

function writeReport(file: string, xml: string): void {
  try {
    writeFileSync(file, xml);
  } catch (error) {
    throw new CliError(`${file}: cannot write the JUnit report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, EXIT_UNUSABLE);
  }
}

/**
 * `parcours test [FILE|DIR]... [--junit FILE] [--coverage]`: runs every saved case of every scenario, prints ✓/✗ per case
 * with what differed, then `N passed, N failed`. Exit 1 on a failure, 2 on a file that cannot be read.
 */
export function testCommand(targets: string[], options: TestOptions, out: Output): number {
  const files = scenarioFiles(targets.length > 0 ? targets : [DEFAULT_SCENARIOS_DIR]);
  const suites: JunitSuite[] = [];
  let exitCode = 0;
  for (const file of files) {
    const run = testFile(file, options, out);
    suites.push(run.suite);
    exitCode = Math.max(exitCode, run.exitCode);
  }
  const passed = suites.reduce((n, s) => n + s.cases.filter((c) => !c.failure).length, 0);
  const failed = suites.reduce((n, s) => n + s.cases.filter((c) => c.failure).length + (s.error ? 1 : 0), 0);
  if (options.junit !== undefined) writeReport(options.junit, junitXml(suites));
  out.log('');
  out.log(`${passed} passed, ${failed} failed`);
  return exitCode;
}
