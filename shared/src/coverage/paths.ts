import { outputsOf } from '../schema/catalogue.ts';
import type { Scenario } from '../schema/scenario.ts';
import type { OutputRef } from './coverage.ts';

/** Bounds the breadth-first search on large, highly branched graphs. */
const MAX_EXPANSIONS = 20_000;

/**
 * Paths from the entry to `target`, shortest first (breadth-first over the edges, no node twice):
 * each path lists the hops, the node and the output left by, ending with the target itself.
 */
export function* pathsTo(scenario: Scenario, entry: string, target: OutputRef): Generator<OutputRef[]> {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const outgoing = new Map<string, OutputRef[]>();
  for (const edge of scenario.edges) {
    const source = nodes.get(edge.source);
    if (!source || !nodes.has(edge.target) || !outputsOf(source).includes(edge.sourceHandle)) continue;
    outgoing.set(edge.source, [...(outgoing.get(edge.source) ?? []), { node: edge.target, output: edge.sourceHandle }]);
  }
  const queue: Array<{ hops: OutputRef[]; at: string }> = [{ hops: [], at: entry }];
  for (let expanded = 0; expanded < queue.length && expanded < MAX_EXPANSIONS; expanded++) {
    const { hops, at } = queue[expanded];
    if (at === target.node) {
      yield [...hops, target];
      continue;
    }
    for (const { node: next, output } of outgoing.get(at) ?? []) {
      if (next !== at && !hops.some((h) => h.node === next)) queue.push({ hops: [...hops, { node: at, output }], at: next });
    }
  }
}
