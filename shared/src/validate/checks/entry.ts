import { reachableFrom } from '../graph.ts';
import { edgeError, isEntry, nodeError, nodesById, successorsIn, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** `no_entry`: a scenario starts at exactly one entry node. */
export function noEntry(model: ScenarioModel): ValidationError[] {
  if (model.nodes.some(isEntry)) return [];
  return [{ code: 'no_entry', path: ['nodes'], message: 'the scenario has no entry node: add one (event trigger, segment entry, date attribute or API enrolment)' }];
}

/** `multiple_entries`: every entry node after the first is reported. */
export function multipleEntries(model: ScenarioModel): ValidationError[] {
  const [first, ...others] = model.nodes.filter(isEntry);
  return others.map((node) => nodeError(node, 'multiple_entries', `a scenario has exactly one entry node, and "${first.id}" already is`, [], { first: first.id }));
}

/** `entry_has_input`: contacts only come into an entry node from its trigger, never from an edge. */
export function entryHasInput(model: ScenarioModel): ValidationError[] {
  const byId = nodesById(model);
  return model.edges
    .filter((edge) => {
      const target = byId.get(edge.target);
      return target !== undefined && isEntry(target);
    })
    .map((edge) => edgeError(edge, 'entry_has_input', `node "${edge.target}" is an entry node: no edge may lead into it`, ['target'], { node: edge.target }));
}

/** `unreachable_node`: a node no path leads to from the entry would never be used. Needs an entry to start from. */
export function unreachableNodes(model: ScenarioModel): ValidationError[] {
  const entries = model.nodes.filter(isEntry).map((node) => node.id);
  if (entries.length === 0) return [];
  const reached = reachableFrom(entries, successorsIn(model));
  return model.nodes
    .filter((node) => !reached.has(node.id))
    .map((node) => nodeError(node, 'unreachable_node', `no path leads here from the entry node "${entries[0]}"`, [], { entry: entries[0] }));
}
