import { valueAt, type PathSegment } from './path.ts';
import type { ProblemParams, ValidationCode, ValidationError } from './types.ts';

/**
 * An error at `segments` of the raw input. When it lies inside `nodes[i]` or `edges[i]`, it also names that
 * node or edge by the id the input gives it, so the canvas can mark it even when the rest of it is invalid.
 */
export function errorAt(input: unknown, segments: readonly PathSegment[], code: ValidationCode, message: string, params?: ProblemParams): ValidationError {
  const error: ValidationError = { code, message, ...(params ? { params } : {}) };
  if (segments.length > 0) error.path = [...segments];
  const [collection, index] = segments;
  if ((collection === 'nodes' || collection === 'edges') && typeof index === 'number') {
    const id = valueAt(input, [collection, index, 'id']);
    if (typeof id === 'string') error[collection === 'nodes' ? 'nodeId' : 'edgeId'] = id;
  }
  return error;
}
