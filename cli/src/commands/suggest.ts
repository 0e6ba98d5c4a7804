import { coverageOf, generateMissingCases, runTestCase } from '@parcours/shared';
import { loadValidScenario } from '../io/scenario-file.ts';
import type { Output } from '../output.ts';

/**
 * `parcours suggest FILE`: a case for each branch output the saved cases never take, derived and
 * checked by simulation, printed as JSON for the tester to review and paste into `tests`.
 * The uncovered outputs no case could be derived for are listed on standard error.
 */
export function suggestCommand(file: string, out: Output): number {
  const scenario = loadValidScenario(file);
  const suggested = generateMissingCases(scenario);
  const outcomes = [...scenario.tests, ...suggested].map((testCase) => runTestCase(scenario, testCase));
  for (const { node, output } of coverageOf(scenario, outcomes).outputs.uncovered) {
    out.error(`${file}: node ${node}: no case could be derived for output "${output}"`);
  }
  out.log(JSON.stringify(suggested, null, 2));
  return 0;
}
