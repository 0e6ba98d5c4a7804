import { z } from 'zod';
import { nodeSchema, type NodeSchema } from '../nodes/define.ts';
import { NODE_DEFINITIONS } from '../nodes/index.ts';

/** Every node type, from its definition (shared/src/nodes). */
export type NodeType = keyof typeof NODE_DEFINITIONS;
export const NODE_TYPES = Object.keys(NODE_DEFINITIONS) as NodeType[];

type Definition<T extends NodeType> = (typeof NODE_DEFINITIONS)[T];
type NodeSchemaOf<T extends NodeType> = T extends NodeType ? NodeSchema<T, Definition<T>['config']> : never;

/** The zod schema of each node type: id, type, label, the definition's config, position. */
export const NODE_SCHEMAS = Object.fromEntries(
  NODE_TYPES.map((type) => [type, nodeSchema(type, NODE_DEFINITIONS[type].config)]),
) as { [T in NodeType]: NodeSchemaOf<T> };

export const ScenarioNode = z.discriminatedUnion(
  'type',
  Object.values(NODE_SCHEMAS) as unknown as [NodeSchemaOf<NodeType>, ...NodeSchemaOf<NodeType>[]],
);
export type ScenarioNode = z.infer<typeof ScenarioNode>;
export type NodeOf<T extends NodeType> = Extract<ScenarioNode, { type: T }>;
