import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  formatValidationError,
  renderTemplate,
  runTestCase,
  templateVars,
  validateScenario,
  type Scenario,
  type TestCase,
} from '@parcours/shared';
import { describe, expect, it } from 'vitest';

/** The example scenarios shipped in scenarios/: each must be valid and pass its own saved cases. */
const DIR = resolve(import.meta.dirname, '../scenarios');
const FILES = readdirSync(DIR)
  .filter((name) => name.endsWith('.json') && !name.endsWith('.schema.json'))
  .sort();

const load = (name: string): unknown => JSON.parse(readFileSync(join(DIR, name), 'utf8'));

function validScenario(name: string): Scenario {
  const result = validateScenario(load(name));
  expect(result.errors.map(formatValidationError), `${name} has validation errors`).toEqual([]);
  expect(result.ok).toBe(true);
  return result.scenario!;
}

const entryEventOf = (testCase: TestCase) => {
  const first = testCase.events.find((entry) => 'event' in entry);
  return first && 'event' in first ? { name: first.event, properties: first.properties } : undefined;
};

it('ships the seven required example scenarios (and more)', () => {
  const required = ['welcome', 'abandoned-cart', 'win-back', 'birthday', 'post-purchase', 'visitor-nurture', 'multichannel'];
  expect(FILES).toEqual(expect.arrayContaining(required.map((name) => `${name}.json`)));
});

describe.each(FILES)('%s', (name) => {
  it('validates, points to the JSON Schema and has at least two saved cases', () => {
    const scenario = validScenario(name);
    expect(scenario.$schema).toBe('./scenario.schema.json');
    expect(scenario.tests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(scenario.tests.map((t) => t.name)).size, 'case names are unique').toBe(scenario.tests.length);
    for (const testCase of scenario.tests) expect(testCase.expect.status, `${testCase.name} states a final status`).toBeDefined();
  });

  it('passes every saved case', () => {
    const scenario = validScenario(name);
    const failures = scenario.tests.flatMap((testCase) => runTestCase(scenario, testCase).failures.map((f) => `${testCase.name}: ${f}`));
    expect(failures).toEqual([]);
  });

  it('has cases that together visit every node', () => {
    const scenario = validScenario(name);
    const visited = new Set(scenario.tests.flatMap((testCase) => runTestCase(scenario, testCase).path));
    expect(scenario.nodes.map((n) => n.id).filter((id) => !visited.has(id))).toEqual([]);
  });

  it('lays its nodes out on the canvas without overlaps', () => {
    const { nodes } = validScenario(name);
    for (const [i, a] of nodes.entries()) {
      for (const b of nodes.slice(i + 1)) {
        const distance = Math.hypot(a.position.x - b.position.x, a.position.y - b.position.y);
        expect(distance, `${a.id} and ${b.id} are too close`).toBeGreaterThanOrEqual(200);
      }
    }
  });

  it('flows top to bottom: every edge goes down to a lower row, except one that closes a loop', () => {
    const { nodes, edges } = validScenario(name);
    const at = new Map(nodes.map((n) => [n.id, n.position]));
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      from === to || (!seen.has(from) && (seen.add(from), edges.some((e) => e.source === from && reaches(e.target, to, seen))));
    const upward = edges
      .filter((e) => at.get(e.target)!.y <= at.get(e.source)!.y && !reaches(e.target, e.source))
      .map((e) => `${e.source} → ${e.target}`);
    expect(upward).toEqual([]);
  });

  it('renders every template for every case contact, with and without the triggering event', () => {
    const scenario = validScenario(name);
    for (const testCase of scenario.tests) {
      // By the time a message goes, the attributes the timeline sets are part of the contact.
      const attributes = Object.assign({}, testCase.contact.attributes, ...testCase.events.map((e) => ('attributes' in e ? e.attributes : {})));
      const contact = { id: testCase.contact.id, attributes };
      for (const template of scenario.templates) {
        for (const event of [entryEventOf(testCase), undefined]) {
          // A scenario with a digest node sends its templates with what the digest collected (possibly nothing).
          const digest = scenario.nodes.some((n) => n.type === 'wait.digest') ? { digest: { count: 0, items: [] } } : {};
          const vars = templateVars(contact, event, { links: { unsubscribe: 'https://example.com/u', preferences: 'https://example.com/p' }, scenario: { id: scenario.id, name: scenario.name }, ...digest });
          expect(() => renderTemplate(template, vars), `${template.id} for ${testCase.name}`).not.toThrow();
        }
      }
    }
  });
});
