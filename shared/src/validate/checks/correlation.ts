import type { NodeOf } from '../../schema/nodes.ts';
import { reachableFrom } from '../graph.ts';
import { isEntry, nodeError, nodesById, successorsIn, type ModelNode, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/**
 * `correlation_without_event`: a scenario run in parallel per correlation key reads the key in the event that
 * starts each run, so its entry must be an event trigger.
 */
export function correlationWithoutEvent(model: ScenarioModel): ValidationError[] {
  const entry = model.nodes.find(isEntry);
  if (model.settings?.retrigger?.mode !== 'parallel' || !entry || entry.type === 'entry.event') return [];
  const { key } = model.settings.retrigger;
  return [
    {
      code: 'correlation_without_event',
      message: `runs in parallel per ${key} of the entry event, but "${entry.id}" is not an event trigger`,
      params: { key, entry: entry.id },
      path: ['settings', 'retrigger', 'mode'],
    },
  ];
}

type Awaiting = NodeOf<'wait.event' | 'flow.goal'>;

/**
 * `same_as_unreachable`: a wait or a goal compares a property with an event that cannot have happened before it:
 * the journey's trigger when the scenario is not started by an event, a node that is not a wait for an event, or
 * one from whose "happened" output no path leads to the node.
 */
export function sameAsUnreachable(model: ScenarioModel): ValidationError[] {
  const byId = nodesById(model);
  const successors = successorsIn(model);
  const entry = model.nodes.find(isEntry);
  return model.nodes.flatMap((node): ValidationError[] => {
    const parsed = node.parsed as Awaiting | undefined;
    if ((parsed?.type !== 'wait.event' && parsed?.type !== 'flow.goal') || !parsed.config.sameAs) return [];
    const { from, property } = parsed.config.sameAs;
    const fail = (variant: string, message: string, source = from ?? '') =>
      [nodeError(node, 'same_as_unreachable', message, ['config', 'sameAs', ...(from === undefined ? [] : ['from'])], { variant, from: source, property })];
    if (from === undefined) {
      if (entry && entry.type !== 'entry.event') {
        return fail('no_trigger_event', `compares ${property} with the event that started the journey, but "${entry.id}" is not an event trigger`, entry.id);
      }
      return [];
    }
    const source: ModelNode | undefined = byId.get(from);
    if (source?.type !== 'wait.event') return fail('not_a_wait', `"${from}" is not a wait for an event: only an awaited event can be compared with`);
    const happenedTargets = model.edges.filter((e) => e.source === from && e.sourceHandle === 'happened' && byId.has(e.target)).map((e) => e.target);
    if (!reachableFrom(happenedTargets, successors).has(node.id)) {
      return fail('not_before', `the event awaited at "${from}" cannot have happened before this node: no path leads here from its "happened" output`);
    }
    return [];
  });
}
