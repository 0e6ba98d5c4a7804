import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_TYPES, Scenario, VALIDATION_CODES, formatValidationError, validateScenario, type ValidationCode, type ValidationResult } from '../src/index.ts';
import { KNOWN, everyNodeType, pathsIn, mutable, setAt } from './validate.fixtures.ts';

/** Every code the validator documents (a hand-kept list here once missed `unknown_time_zone` and the template codes). */
const CODES: readonly string[] = VALIDATION_CODES;

const idsIn = (input: unknown, collection: 'nodes' | 'edges'): unknown[] => {
  const items = (input as Record<string, unknown> | null)?.[collection];
  return Array.isArray(items) ? items.map((item) => (item as Record<string, unknown> | null)?.id) : [];
};

/** What must hold for any input: a coherent verdict, known codes, and locations that point into the input. */
function expectWellFormed(input: unknown, result: ValidationResult) {
  expect(result.ok).toBe(result.errors.length === 0);
  if (result.ok) expect(Scenario.safeParse(result.scenario).success).toBe(true);
  for (const error of result.errors) {
    expect(CODES).toContain(error.code);
    expect(error.message.length).toBeGreaterThan(0);
    if (error.nodeId !== undefined) expect(idsIn(input, 'nodes')).toContain(error.nodeId);
    if (error.edgeId !== undefined) expect(idsIn(input, 'edges')).toContain(error.edgeId);
    expect(typeof formatValidationError(error)).toBe('string');
  }
}

describe('validateScenario on arbitrary input', () => {
  it('never throws on any value, and rejects it with errors', () => {
    fc.assert(
      fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true, withSparseArray: true }), (input) => {
        const result = validateScenario(input);
        expectWellFormed(input, result);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never throws on parsed JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const input = JSON.parse(text);
        const result = validateScenario(input);
        expectWellFormed(input, result);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
    );
  });

  it('never throws on scenario-like garbage that reaches the graph checks', () => {
    const id = fc.constantFrom('a', 'b', 'c', 'd', 'bad id', '');
    const node = fc.record(
      { id: fc.oneof(id, fc.anything()), type: fc.oneof(fc.constantFrom(...NODE_TYPES), fc.string()), config: fc.oneof(fc.object(), fc.constant({})) },
      { requiredKeys: ['id', 'type'] },
    );
    const edge = fc.record(
      { id: fc.oneof(id, fc.integer()), source: id, sourceHandle: fc.constantFrom('next', 'yes', 'no', 'default', 'timedOut', 'x'), target: id },
      { requiredKeys: ['source', 'target'] },
    );
    const scenario = fc.record(
      {
        schemaVersion: fc.oneof(fc.constant(1), fc.anything()),
        id: fc.oneof(fc.constant('s'), fc.anything()),
        name: fc.oneof(fc.constant('S'), fc.anything()),
        nodes: fc.oneof(fc.array(node, { maxLength: 8 }), fc.anything()),
        edges: fc.oneof(fc.array(edge, { maxLength: 12 }), fc.anything()),
        templates: fc.array(fc.record({ id, channel: fc.constantFrom('email', 'sms', 'push', 'webhook', 'fax') }), { maxLength: 3 }),
        settings: fc.oneof(fc.object(), fc.constant({})),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(scenario, (input) => {
        expectWellFormed(input, validateScenario(input, { knownScenarios: ['x'] }));
      }),
    );
  });
});

/** A change to a valid scenario; `label` is what a counterexample shows. */
interface Mutation {
  label: string;
  apply: (input: ReturnType<typeof mutable>) => void;
}

/** A breakage that must always be reported, with the codes that may report it and where. */
interface Breakage extends Mutation {
  expects: { codes: ValidationCode[]; nodeId?: string };
}

const base = everyNodeType();

const dropEdge = fc.nat({ max: base.edges.length - 1 }).map(
  (i): Breakage => ({
    label: `drop edge ${i}`,
    apply: (input) => void (Array.isArray(input.edges) && input.edges.splice(i, 1)),
    // Every output of the fixture is used exactly once: dropping its edge leaves it unconnected.
    expects: { codes: ['missing_output', 'missing_default'], nodeId: base.edges[i].source },
  }),
);

const deleteNode = fc.nat({ max: base.nodes.length - 1 }).map(
  (i): Breakage => ({
    label: `delete node ${i}`,
    apply: (input) => void (Array.isArray(input.nodes) && input.nodes.splice(i, 1)),
    // Every node of the fixture has an edge: deleting the node leaves that edge hanging.
    expects: { codes: ['dangling_edge'] },
  }),
);

const changeType = fc.tuple(fc.nat({ max: base.nodes.length - 1 }), fc.oneof(fc.constantFrom(...NODE_TYPES), fc.string())).map(
  ([i, type]): Mutation => ({
    label: `node ${i} becomes ${JSON.stringify(type)}`,
    apply: (input) => {
      const node = Array.isArray(input.nodes) ? input.nodes[i] : undefined;
      if (typeof node === 'object' && node !== null) node.type = type;
    },
  }),
);

const corruptField = fc.tuple(fc.constantFrom(...pathsIn(base)), fc.anything()).map(
  ([path, value]): Mutation => ({
    label: `${path.join('.')} := ${fc.stringify(value)}`,
    apply: (input) => setAt(input, path, value),
  }),
);

describe('validateScenario on mutations of a valid scenario', () => {
  it('never throws; either rejects the scenario or returns a valid one', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(dropEdge, deleteNode, changeType, corruptField), { minLength: 1, maxLength: 3 }), (mutations) => {
        const input = mutable(everyNodeType());
        for (const m of mutations) m.apply(input);
        expectWellFormed(input, validateScenario(input, KNOWN));
      }),
      { numRuns: 200 },
    );
  });

  it('always reports a dropped edge or a deleted node, where it happened', () => {
    fc.assert(
      fc.property(fc.oneof(dropEdge, deleteNode), (m) => {
        const { codes, nodeId } = m.expects;
        const input = mutable(everyNodeType());
        m.apply(input);
        const result = validateScenario(input, KNOWN);
        expect(result.ok).toBe(false);
        expect(result.errors.some((e) => codes.includes(e.code) && (nodeId === undefined || e.nodeId === nodeId))).toBe(true);
      }),
    );
  });
});
