import { ACTION_NODES } from './action.ts';
import { BEST_NODES } from './best.ts';
import { BRANCH_NODES } from './branch.ts';
import { DIGEST_NODES } from './digest.ts';
import { ENTRY_NODES } from './entry.ts';
import { FLOW_NODES } from './flow.ts';
import { ONSITE_NODES } from './onsite.ts';
import { MEMBERSHIP_NODES } from './membership.ts';
import { WAIT_NODES } from './wait.ts';

export { VISIT_COUNTED, type Behaviour, type MachineKind, type NodeDefinition, type NodeFamily, type NodeRun, type NodeShape, type PressuredSend } from './define.ts';
export { MessageConfig, TASK_KINDS, TaskConfig, taskKey, taskRequestOf } from './action.ts';
export { ONSITE_FORMATS, OnsiteConfig, onsiteKey, onsiteRequestOf, type OnsiteFormat } from './onsite.ts';
export { DigestConfig, MAX_DIGEST_ITEMS } from './digest.ts';
export { BEST_FALLBACK, BestConfig, chooseBest, type BestChoice, type CandidateVerdict } from './best.ts';
export { SameAs, TRIGGER_SOURCE, remember, sameAsHolds, sourceOf, type Remembered } from './correlation.ts';
export { conversionRevenue, goalEvent, type GoalEventRun } from './goal.ts';

type Keyed<D extends readonly { type: string }[]> = { [K in D[number] as K['type']]: K };

function keyed<D extends readonly { type: string }[]>(definitions: D): Keyed<D> {
  return Object.fromEntries(definitions.map((d) => [d.type, d])) as Keyed<D>;
}

/** Every node type's definition, by type, in palette order (family by family). */
export const NODE_DEFINITIONS = keyed([...ENTRY_NODES, ...MEMBERSHIP_NODES, ...WAIT_NODES, ...DIGEST_NODES, ...BRANCH_NODES, ...BEST_NODES, ...ACTION_NODES, ...ONSITE_NODES, ...FLOW_NODES]);
