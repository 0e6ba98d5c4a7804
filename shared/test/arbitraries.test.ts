import fc from 'fast-check';
import { expect, it } from 'vitest';
import { NODE_TYPES, formatValidationError, validateScenario, type NodeType } from '../src/index.ts';
import { caseArbitrary, scenarioArbitrary } from './arbitraries/scenario.ts';

it('generates only scenarios that validate (the server accepts them for publishing)', () => {
  fc.assert(
    fc.property(scenarioArbitrary('gen'), (file) => {
      const result = validateScenario(file, { knownScenarios: ['gen'] });
      expect(result.errors.map(formatValidationError)).toEqual([]);
    }),
    { numRuns: 500 },
  );
});

it('reaches every node type within a few hundred cases', () => {
  const seen = new Set<NodeType>();
  for (const c of fc.sample(caseArbitrary('gen'), { numRuns: 300, seed: 1 })) for (const node of c.scenario.nodes) seen.add(node.type as NodeType);
  expect(NODE_TYPES.filter((type) => !seen.has(type))).toEqual([]);
});
