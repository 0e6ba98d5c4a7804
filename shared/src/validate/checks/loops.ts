import { cycleThrough, stronglyConnected } from '../graph.ts';
import type { NodeOf } from '../../schema/nodes.ts';
import { nodeError, nodesById, successorsIn, type ModelNode, type ScenarioModel } from '../model.ts';
import type { ProblemParams, ValidationError } from '../types.ts';

/** Most loops are short; a long one is cut so that the message stays readable. */
const SHOWN = 8;

function describeLoop(cycle: string[]): string {
  const quoted = cycle.map((id) => `"${id}"`);
  if (cycle.length <= SHOWN) return [...quoted, quoted[0]].join(' → ');
  return `${quoted.slice(0, SHOWN).join(' → ')} → … (${cycle.length} nodes) → ${quoted[0]}`;
}

/**
 * Whether passing the node always takes time or a new input: a delay, a wait for an event, a digest (its window
 * or the next occurrence of its time of day), or a wait until a time of day (always the next occurrence, strictly later). A wait for a condition (already met), a time
 * window (already open) or a wait until a date or a date attribute (past the second time round) can pass at
 * once. A wait whose config did not parse is counted as waiting: it is already reported, and may well wait.
 */
function alwaysWaits(node: ModelNode): boolean {
  if (node.type === 'wait.delay' || node.type === 'wait.event' || node.type === 'wait.digest') return true;
  if (node.type !== 'wait.until') return false;
  if (!node.parsed) return true;
  const { date, attribute } = (node.parsed as NodeOf<'wait.until'>).config;
  return date === undefined && attribute === undefined;
}

function problemOf(cycle: ModelNode[]): { message: string; params: ProblemParams } {
  const route = describeLoop(cycle.map((node) => node.id));
  const waits = cycle.filter((node) => node.type?.startsWith('wait.')).map((node) => `"${node.id}"`);
  if (waits.length === 0) return { message: `the loop ${route} has no wait node: a contact would go round it forever`, params: { variant: 'no_wait', route } };
  return {
    message:
      `the loop ${route} may never wait: ${waits.join(', ')} can pass at once (a condition already met, an open window, a date ` +
      'already past), so a contact could go round it forever; add a delay, a wait for an event or a wait until a time of day',
    params: { variant: 'may_not_wait', route, waits: waits.join(', ') },
  };
}

/**
 * `loop_without_wait`: a cycle that does not always wait would run a contact round it forever in one step.
 * Nodes that always wait are taken out of the graph; whatever cycles remain may not wait. Reported once per
 * group of intertwined loops (strongly connected component), on its first node in the file. Nodes of
 * unknown type are left out: they are already reported and may well be waits.
 */
export function loopsWithoutWait(model: ScenarioModel): ValidationError[] {
  const byId = nodesById(model);
  const successors = successorsIn(model);
  const candidates = [...byId.values()].filter((node) => node.type !== undefined && !alwaysWaits(node));
  return stronglyConnected(
    candidates.map((node) => node.id),
    successors,
  ).flatMap((component) => {
    const members = new Set(component);
    const first = component.map((id) => byId.get(id)!).sort((a, b) => a.index - b.index)[0];
    const cycle = cycleThrough(first.id, members, successors);
    if (cycle.length === 0) return []; // a single node without an edge to itself: no loop
    const { message, params } = problemOf(cycle.map((id) => byId.get(id)!));
    return [nodeError(first, 'loop_without_wait', message, [], params)];
  });
}
