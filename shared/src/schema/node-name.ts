import { NODE_CATALOGUE } from './catalogue.ts';
import type { NodeType } from './nodes.ts';

/**
 * What a marketer calls a node in lists (problems, timeline, outbox): its label, else its type's title
 * ("Email"); the id is shown beside it as secondary text.
 */
export function nodeName(node: { type: string; label?: string }): string {
  return node.label?.trim() || NODE_CATALOGUE[node.type as NodeType]?.title || node.type;
}
