import { outputsOf, Scenario, type ScenarioInput } from '@parcours/shared';

type NodeInput = ScenarioInput['nodes'][number];

/** The repeating pattern of a generated scenario: a bit of every family the canvas and engine meet. */
const PATTERN = [
  (i: number) => ({ type: 'wait.delay', config: { duration: `${1 + (i % 3)}d` } }),
  (i: number) => ({ type: 'branch.condition', config: { condition: { attribute: 'score', op: 'gte', value: i % 50 } } }),
  () => ({ type: 'action.email', config: { template: 'news' } }),
  () => ({ type: 'branch.split', config: { variants: [{ id: 'a', percent: 50 }, { id: 'b', percent: 50 }] } }),
  () => ({ type: 'action.score', config: { delta: 5 } }),
  () => ({ type: 'wait.event', config: { event: 'clicked', timeout: '2d' } }),
];

/**
 * A valid scenario of `size` nodes for benchmarks: an API entry, then a chain of the pattern above,
 * every output of a node leading to the next one, and an exit at the end; laid out in rows.
 */
export function generateScenario(size: number): Scenario {
  const nodes: NodeInput[] = [{ id: 'n0', type: 'entry.api', config: {}, position: { x: 0, y: 0 } }];
  for (let i = 1; i < size - 1; i++) {
    nodes.push({ id: `n${i}`, ...PATTERN[(i - 1) % PATTERN.length](i), position: { x: (i % 20) * 260, y: Math.floor(i / 20) * 180 } } as NodeInput);
  }
  nodes.push({ id: `n${size - 1}`, type: 'flow.exit', config: {}, position: { x: ((size - 1) % 20) * 260, y: Math.floor((size - 1) / 20) * 180 } });
  const parsed = Scenario.parse({ schemaVersion: 1, id: `generated-${size}`, name: `Generated ${size} nodes`, nodes, edges: [] });
  const edges = parsed.nodes.slice(0, -1).flatMap((node, i) =>
    outputsOf(node).map((output) => ({ id: `e${i}-${output}`, source: node.id, sourceHandle: output, target: `n${i + 1}` })),
  );
  return Scenario.parse({
    ...parsed,
    edges,
    templates: [{ id: 'news', channel: 'email', subject: 'News', html: '<p>News</p>' }],
  });
}
