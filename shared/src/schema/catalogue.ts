import { NODE_DEFINITIONS, type NodeDefinition, type NodeFamily } from '../nodes/index.ts';
import type { NodeType, ScenarioNode } from './nodes.ts';
import type { Channel } from './primitives.ts';

export type { NodeFamily };

export interface NodeTypeInfo {
  family: NodeFamily;
  /** What the palette and the canvas call it. */
  title: string;
  /** One line for the palette's tooltip. */
  description: string;
}

/** Any type's definition, typed loosely: for code that reads what every type has (outputs, channel, machine kind). */
export const definitionOf = (type: NodeType): NodeDefinition => NODE_DEFINITIONS[type] as unknown as NodeDefinition;

/** Human names of every node type, grouped by family: shared by the palette, the CLI and error messages. */
export const NODE_CATALOGUE = Object.fromEntries(
  Object.values(NODE_DEFINITIONS).map(({ type, family, title, description }) => [type, { family, title, description }]),
) as Record<NodeType, NodeTypeInfo>;

export const familyOf = (type: NodeType): NodeFamily => NODE_DEFINITIONS[type].family;

/** The channel an action node sends on, or undefined for nodes that send nothing. */
export const channelOf = (type: NodeType): Channel | undefined => definitionOf(type).channel;

/**
 * The named outputs of a node, in display order. Edges leave from these handles.
 * The last output of a condition or switch is its default (`no`, `default`).
 */
export function outputsOf(node: ScenarioNode): string[] {
  const { outputs } = definitionOf(node.type);
  return typeof outputs === 'function' ? outputs(node.config) : [...outputs];
}

/** The output a branch falls back to, which must always be connected. */
export const defaultOutputOf = (node: ScenarioNode): string | undefined => definitionOf(node.type).defaultOutput;
