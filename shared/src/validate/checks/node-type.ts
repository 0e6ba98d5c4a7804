import { closest, distance } from 'fastest-levenshtein';
import { NODE_TYPES, type NodeType } from '../../schema/nodes.ts';
import { errorAt } from '../location.ts';
import type { ValidationError } from '../types.ts';

export const isNodeType = (type: string): type is NodeType => (NODE_TYPES as string[]).includes(type);

/** The known type the author most likely meant: "delay" → "wait.delay", "wait.dealy" → "wait.delay". */
export function suggestNodeType(type: string): NodeType | undefined {
  const lower = type.toLowerCase();
  const bySuffix = NODE_TYPES.find((known) => known === lower || known.endsWith(`.${lower}`));
  if (bySuffix) return bySuffix;
  const nearest = closest(lower, NODE_TYPES) as NodeType;
  // Beyond a few typos the nearest type is a guess, not a suggestion.
  return distance(lower, nearest) <= Math.max(2, Math.floor(type.length / 4)) ? nearest : undefined;
}

/** `unknown_node_type` for `nodes[index]`, whose type is not one of NODE_TYPES. */
export function unknownNodeType(input: unknown, index: number, type: string): ValidationError {
  const suggestion = suggestNodeType(type);
  const hint = suggestion ? `did you mean "${suggestion}"?` : 'a type looks like "wait.delay" or "action.email"';
  const error = errorAt(input, ['nodes', index, 'type'], 'unknown_node_type', `unknown node type ${JSON.stringify(type)}; ${hint}`);
  return { ...error, params: suggestion ? { variant: 'suggestion', type, suggestion } : { variant: 'no_suggestion', type } };
}
