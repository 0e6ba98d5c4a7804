import { formatPath, type PathSegment } from './path.ts';
import type { ValidationError } from './types.ts';

/** The part of `path` below `nodes[i]` / `edges[i]`: ["nodes", 2, "config", "duration"] → "config.duration". */
function fieldWithin(path: readonly PathSegment[] = []): string {
  const [collection, index] = path;
  const inside = (collection === 'nodes' || collection === 'edges') && typeof index === 'number';
  return formatPath(inside ? path.slice(2) : path);
}

/**
 * One line for a person: `node wait1: config.duration: must be a duration...`, `edge e3: ...`,
 * `settings.frequencyCaps[0].per: ...`. (The CLI prints it after the file name.)
 */
export function formatValidationError(error: ValidationError): string {
  const subject = error.nodeId !== undefined ? `node ${error.nodeId}` : error.edgeId !== undefined ? `edge ${error.edgeId}` : undefined;
  if (subject === undefined) return error.path?.length ? `${formatPath(error.path)}: ${error.message}` : error.message;
  const field = fieldWithin(error.path);
  return `${subject}: ${field ? `${field}: ` : ''}${error.message}`;
}
