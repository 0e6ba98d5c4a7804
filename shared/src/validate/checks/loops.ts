import { cycleThrough, stronglyConnected } from '../graph.ts';
import { nodeError, nodesById, successorsIn, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** Most loops are short; a long one is cut so that the message stays readable. */
const SHOWN = 8;

function describeLoop(cycle: string[]): string {
  const quoted = cycle.map((id) => `"${id}"`);
  if (cycle.length <= SHOWN) return [...quoted, quoted[0]].join(' → ');
  return `${quoted.slice(0, SHOWN).join(' → ')} → … (${cycle.length} nodes) → ${quoted[0]}`;
}

/**
 * `loop_without_wait`: a cycle with no wait node would run a contact round it forever in one step.
 * Wait nodes are taken out of the graph; whatever cycles remain have no wait. Reported once per group of
 * intertwined loops (strongly connected component), on its first node in the file. Nodes of unknown type are
 * left out: they are already reported and may well be waits.
 */
export function loopsWithoutWait(model: ScenarioModel): ValidationError[] {
  const byId = nodesById(model);
  const successors = successorsIn(model);
  const candidates = [...byId.values()].filter((node) => node.type !== undefined && !node.type.startsWith('wait.'));
  return stronglyConnected(
    candidates.map((node) => node.id),
    successors,
  ).flatMap((component) => {
    const members = new Set(component);
    const first = component.map((id) => byId.get(id)!).sort((a, b) => a.index - b.index)[0];
    const cycle = cycleThrough(first.id, members, successors);
    if (cycle.length === 0) return []; // a single node without an edge to itself: no loop
    return [nodeError(first, 'loop_without_wait', `the loop ${describeLoop(cycle)} has no wait node: a contact would go round it forever`)];
  });
}
