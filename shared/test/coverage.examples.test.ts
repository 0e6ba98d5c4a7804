import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  countedOutputs,
  coverageOf,
  generateCaseFor,
  generateMissingCases,
  runTestCase,
  Scenario,
  scenarioCoverage,
  type OutputRef,
} from '../src/index.ts';

const DIR = resolve(import.meta.dirname, '../../scenarios');
const FILES = readdirSync(DIR).filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json')).sort();
const load = (name: string, tests?: []) => {
  const json = JSON.parse(readFileSync(join(DIR, name), 'utf8'));
  return Scenario.parse(tests ? { ...json, tests } : json);
};

/**
 * Outputs no contact can take today: a wait for an event that is also a goal or an exit event
 * leaves by the scenario-wide transition (the goal or exit wins), never by "happened".
 */
function shadowedByGoalOrExit(scenario: Scenario, { node, output }: OutputRef): boolean {
  const wait = scenario.nodes.find((n) => n.id === node);
  if (wait?.type !== 'wait.event' || output !== 'happened') return false;
  const event = wait.config.event;
  return (
    scenario.nodes.some((n) => n.type === 'flow.goal' && n.config.event === event) ||
    scenario.settings.goal?.event === event ||
    scenario.settings.exitEvents.some((e) => e.event === event)
  );
}

const key = ({ node, output }: OutputRef) => `${node}:${output}`;
const coverageWith = (scenario: Scenario, extra: ReturnType<typeof generateMissingCases>) =>
  coverageOf(scenario, [...scenario.tests, ...extra].map((t) => runTestCase(scenario, t)));

describe.each(FILES)('%s', (name) => {
  test('its own cases, then the generated ones, cover every output a contact can take', () => {
    const scenario = load(name);
    const own = scenarioCoverage(scenario);
    const generated = generateMissingCases(scenario);
    const after = coverageWith(scenario, generated);
    expect(after.outputs.uncovered.filter((o) => !shadowedByGoalOrExit(scenario, o)).map(key)).toEqual([]);
    expect(after.outputs.covered).toBeGreaterThanOrEqual(own.outputs.covered);
    expect(after.nodes.percent).toBe(100);
  });

  test('from no saved case at all, generated cases reach every output a contact can take', () => {
    const scenario = load(name, []);
    const generated = generateMissingCases(scenario);
    expect(generated.length).toBeGreaterThan(0);
    for (const testCase of generated) expect(runTestCase(scenario, testCase).failures, testCase.name).toEqual([]);
    const after = coverageWith(scenario, generated);
    const notDerived = after.outputs.uncovered;
    expect(notDerived.filter((o) => !shadowedByGoalOrExit(scenario, o)).map(key)).toEqual([]);
    // What stays uncovered is exactly what generateCaseFor cannot derive.
    for (const target of notDerived) expect(generateCaseFor(scenario, target), key(target)).toBeNull();
    expect(after.outputs.total).toBe(countedOutputs(scenario).length);
  });
});
