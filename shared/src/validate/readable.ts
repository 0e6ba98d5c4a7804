import { errorAt } from './location.ts';
import type { PathSegment } from './path.ts';
import type { ValidationError } from './types.ts';

/**
 * Deeper than any real scenario (conditions nest a few levels), shallow enough that zod's recursive schemas
 * (Condition, JsonValue) cannot overflow the stack on hostile input.
 */
const MAX_DEPTH = 100;

/**
 * Why `input` cannot be validated as JSON data at all: a circular reference, absurd nesting, or a property
 * that throws when read. Schema parsing would loop or overflow on these, so they are caught first.
 */
export function findUnreadable(input: unknown): ValidationError | undefined {
  const path: PathSegment[] = [];
  const ancestors = new Set<object>();
  const walk = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    if (ancestors.has(value)) return 'contains a circular reference';
    if (path.length >= MAX_DEPTH) return `is nested more than ${MAX_DEPTH} levels deep`;
    ancestors.add(value);
    const keys: PathSegment[] = Array.isArray(value) ? [...value.keys()] : Object.keys(value);
    for (const key of keys) {
      path.push(key);
      const problem = walk((value as Record<PathSegment, unknown>)[key]);
      if (problem) return problem;
      path.pop();
    }
    ancestors.delete(value);
    return undefined;
  };
  try {
    const problem = walk(input);
    return problem ? errorAt(input, path, 'invalid_shape', problem) : undefined;
  } catch {
    // A getter or proxy threw while being read: the input is not plain data. Do not touch it again.
    return { code: 'invalid_shape', message: 'cannot be read as JSON data', ...(path.length > 0 ? { path: [...path] } : {}) };
  }
}
