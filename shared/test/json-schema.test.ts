import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NODE_CATALOGUE, SCENARIO_SCHEMA_ID, scenarioJsonSchema, validateScenario } from '../src/index.ts';
import { KNOWN, everyNodeType, pathsIn, mutable, setAt } from './validate.fixtures.ts';

const scenarios = new URL('../../scenarios/', import.meta.url);
const schema = scenarioJsonSchema();
// Strict mode (the default) also fails on any keyword zod emits that the draft does not define.
const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const check = ajv.compile(schema);

const errorsOf = (input: unknown) => (check(input) ? [] : (check.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe('the scenario JSON Schema', () => {
  it('is what scenarios/scenario.schema.json holds (run `pnpm schema:write` after changing the zod schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('scenario.schema.json', scenarios), 'utf8'));
    expect(committed).toEqual(schema);
  });

  it('names itself and gives every node type its title', () => {
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: SCENARIO_SCHEMA_ID, title: 'Parcours scenario' });
    const nodes = (schema.properties as { nodes: { items: { oneOf: { title: string }[] } } }).nodes.items.oneOf;
    expect(nodes.map((node) => node.title).sort()).toEqual(Object.values(NODE_CATALOGUE).map((info) => info.title).sort());
  });

  it('accepts a scenario with every node type, as written and with defaults applied', () => {
    const input = everyNodeType();
    expect(errorsOf(input)).toEqual([]);
    expect(errorsOf(validateScenario(input, KNOWN).scenario)).toEqual([]);
    expect(errorsOf({ schemaVersion: 1, id: 'min', name: 'Minimal', nodes: [{ id: 'in', type: 'entry.api', config: {} }], edges: [] })).toEqual([]);
  });

  it('accepts every example in scenarios/', () => {
    for (const file of readdirSync(scenarios).filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')) {
      expect({ file, errors: errorsOf(JSON.parse(readFileSync(new URL(file, scenarios), 'utf8'))) }).toEqual({ file, errors: [] });
    }
  });

  it('follows the recursive condition and rejects a bad one deep inside it', () => {
    const input = mutable(everyNodeType());
    const engaged = input.nodes.findIndex((n: { id: string }) => n.id === 'engaged');
    input.nodes[engaged].config.condition = { all: [{ not: { any: [{ inList: 'a' }, { attribute: 'x', op: 'exists' }] } }] };
    expect(errorsOf(input)).toEqual([]);
    input.nodes[engaged].config.condition.all[0].not.any[1].op = 'roughly';
    expect(check(input)).toBe(false);
  });

  it('rejects an unknown node type, a malformed duration, a missing field and an unknown field', () => {
    const breakages: ((input: ReturnType<typeof mutable>) => void)[] = [
      (input) => (input.nodes[1].type = 'wait.dealy'),
      (input) => (input.nodes[1].config.duration = '3 days'),
      (input) => delete input.name,
      (input) => (input.colour = 'blue'),
      (input) => (input.edges[0].sourceHandle = ''),
    ];
    for (const breakage of breakages) {
      const input = mutable(everyNodeType());
      breakage(input);
      expect(check(input)).toBe(false);
    }
  });

  it('accepts whatever validateScenario finds well shaped', () => {
    // The JSON Schema cannot express zod refinements or graph rules, so it may accept more, never less.
    const paths = pathsIn(everyNodeType()).filter((path) => path.length > 0);
    const plausible = fc.oneof(
      fc.constantFrom('1d', '0m', '2h30m', 'next', 'email', 'sms', 'x', '', 'https://hooks.example.com/a', 'not a url', '09:00', 'mon', 1, 0, -1, 50.5, true, null, [], {}),
      fc.jsonValue({ maxDepth: 2 }),
    );
    let wellShaped = 0;
    fc.assert(
      fc.property(fc.constantFrom(...paths), plausible, (path, value) => {
        const input = mutable(everyNodeType());
        setAt(input, path, value);
        if (!validateScenario(input).scenario) return;
        wellShaped++;
        expect(errorsOf(input)).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(wellShaped).toBeGreaterThan(5); // about one run in ten keeps a valid shape: the property was exercised
  });
});
