import { z } from 'zod';
import { NODE_DEFINITIONS } from '../nodes/index.ts';
import { NODE_SCHEMAS, NODE_TYPES, type ScenarioNode } from './nodes.ts';
import { Scenario } from './scenario.ts';

/**
 * A node of a draft: the node's own schema (id, type, label, position as strict as ever) whose config is the
 * definition's config when it parses (defaults applied), or else any object, kept as written. A marketer drops an
 * Email node before choosing its template; the draft keeps it, and validation reports the missing field on the node.
 */
function draftNodeSchema<T extends keyof typeof NODE_SCHEMAS>(type: T) {
  return NODE_SCHEMAS[type].extend({ config: z.union([NODE_DEFINITIONS[type].config, z.record(z.string(), z.unknown())]) });
}

const DRAFT_NODE_SCHEMAS = NODE_TYPES.map(draftNodeSchema);

/** A node whose config may still be incomplete. */
export type DraftNode = ScenarioNode | (Omit<ScenarioNode, 'config'> & { config: Record<string, unknown> });

/**
 * What a draft save accepts: a scenario whose nodes may be incomplete. Only publishing needs the strict `Scenario`
 * (`validateScenario` answers whether the draft is one).
 */
export const DraftScenario = Scenario.extend({
  nodes: z.array(z.discriminatedUnion('type', DRAFT_NODE_SCHEMAS as unknown as [(typeof DRAFT_NODE_SCHEMAS)[number], ...(typeof DRAFT_NODE_SCHEMAS)[number][]])),
});
export type DraftScenario = Omit<Scenario, 'nodes'> & { nodes: DraftNode[] };
