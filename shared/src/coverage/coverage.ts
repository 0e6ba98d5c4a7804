import { outputsOf } from '../schema/catalogue.ts';
import type { Scenario } from '../schema/scenario.ts';
import { runTestCase, type TestCaseOutcome } from '../simulate/testcase.ts';
import type { SimulationResult } from '../simulate/types.ts';

/** One output handle of one node: what a contact leaves a node by. */
export interface OutputRef {
  node: string;
  output: string;
}

export interface CoverageTally<T> {
  total: number;
  covered: number;
  /** covered / total in percent, to one decimal; 100 when there is nothing to cover. */
  percent: number;
  uncovered: T[];
}

export interface NodeCoverage {
  visited: boolean;
  /** How many times each counted output was taken, over all the runs. */
  outputs: Record<string, number>;
}

export interface Coverage {
  nodes: CoverageTally<string>;
  outputs: CoverageTally<OutputRef>;
  byNode: Record<string, NodeCoverage>;
}

/**
 * The outputs coverage counts, in node and display order: those the node's type declares and an
 * edge connects to an existing node. An unconnected output only leads out of the scenario.
 */
export function countedOutputs(scenario: Scenario): OutputRef[] {
  const ids = new Set(scenario.nodes.map((n) => n.id));
  const connected = new Set(scenario.edges.filter((e) => ids.has(e.target)).map((e) => `${e.source}\u0000${e.sourceHandle}`));
  return scenario.nodes.flatMap((node) =>
    outputsOf(node)
      .filter((output) => connected.has(`${node.id}\u0000${output}`))
      .map((output) => ({ node: node.id, output })),
  );
}

function tally<T>(all: T[], isCovered: (item: T) => boolean): CoverageTally<T> {
  const uncovered = all.filter((item) => !isCovered(item));
  const covered = all.length - uncovered.length;
  const percent = all.length === 0 ? 100 : Math.round((covered * 1000) / all.length) / 10;
  return { total: all.length, covered, percent, uncovered };
}

const resultOf = (run: TestCaseOutcome | SimulationResult): SimulationResult => ('result' in run ? run.result : run);

/** Which nodes and which connected outputs the given runs (saved-case outcomes or plain simulations) went through. */
export function coverageOf(scenario: Scenario, runs: ReadonlyArray<TestCaseOutcome | SimulationResult>): Coverage {
  const outputs = countedOutputs(scenario);
  const byNode: Record<string, NodeCoverage> = Object.fromEntries(scenario.nodes.map((n) => [n.id, { visited: false, outputs: {} }]));
  for (const { node, output } of outputs) byNode[node].outputs[output] = 0;
  for (const run of runs) {
    for (const step of resultOf(run).steps) {
      const entry = Object.hasOwn(byNode, step.node) ? byNode[step.node] : undefined;
      if (!entry) continue; // a run of another version of the scenario
      entry.visited = true;
      if (step.output !== undefined && Object.hasOwn(entry.outputs, step.output)) entry.outputs[step.output]++;
    }
  }
  return {
    nodes: tally(scenario.nodes.map((n) => n.id), (id) => byNode[id].visited),
    outputs: tally(outputs, ({ node, output }) => byNode[node].outputs[output] > 0),
    byNode,
  };
}

/** The coverage of the scenario's own saved cases (each one is run). */
export function scenarioCoverage(scenario: Scenario): Coverage {
  return coverageOf(scenario, scenario.tests.map((testCase) => runTestCase(scenario, testCase)));
}
