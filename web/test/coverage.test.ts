import { describe, expect, it } from 'vitest';
import type { Scenario } from '@parcours/shared';
import { coverageLine, nameTaken, runCases } from '../src/simulation/cases.ts';
import { vipScenario, vipCase } from './coverage-fixtures.ts';

describe('running the saved cases with their coverage', () => {
  it('runs every case and counts the nodes and connected outputs they take', () => {
    const scenario: Scenario = { ...vipScenario(), tests: [vipCase('vip gets the email', true)] };
    const { outcomes, coverage } = runCases(scenario);
    const outcome = outcomes.get('vip gets the email');
    expect(outcome instanceof Error ? outcome.message : outcome?.passed).toBe(true);
    expect(coverage.nodes).toMatchObject({ covered: 4, total: 5 });
    expect(coverage.outputs.uncovered).toEqual([{ node: 'vip', output: 'no' }]);
    expect(coverageLine(coverage)).toBe('nodes 4/5, outputs 3/4 (75 %)');
  });

  it('reports a failing case with its failures and still counts what it went through', () => {
    const wrong = vipCase('expects the email', true);
    const scenario: Scenario = { ...vipScenario(), tests: [{ ...wrong, contact: { ...wrong.contact, attributes: { vip: false } } }] };
    const { outcomes, coverage } = runCases(scenario);
    const outcome = outcomes.get('expects the email');
    if (!outcome || outcome instanceof Error) throw new Error('expected an outcome');
    expect(outcome.passed).toBe(false);
    expect(outcome.failures[0]).toMatch(/^path: expected start → vip → mail → done, got start → vip → skip/);
    expect(coverage.outputs.uncovered.map((o) => `${o.node}.${o.output}`)).toEqual(['vip.yes', 'mail.next']);
  });

  it('with no case, nothing is covered', () => {
    const { outcomes, coverage } = runCases(vipScenario());
    expect(outcomes.size).toBe(0);
    expect(coverageLine(coverage)).toBe('nodes 0/5, outputs 0/4 (0 %)');
  });

  it('knows the names already taken, ignoring surrounding spaces', () => {
    const scenario: Scenario = { ...vipScenario(), tests: [vipCase('vip gets the email', true)] };
    expect(nameTaken(scenario, ' vip gets the email ')).toBe(true);
    expect(nameTaken(scenario, 'another')).toBe(false);
  });
});
