import type { Operator } from '../schema/conditions.ts';
import type { Json } from '../schema/primitives.ts';

/** The value at a dot path ("cart.total", "items.0.sku") inside a JSON object; undefined when absent. */
export function valueAt(root: Record<string, Json> | undefined, path: string): Json | undefined {
  let current: Json | undefined = root;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(key)] : current[key];
  }
  return current;
}

function equal(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function ordered(actual: Json | undefined, expected: Json | undefined, test: (sign: number) => boolean): boolean {
  if (typeof actual === 'number' && typeof expected === 'number') return test(Math.sign(actual - expected));
  // Strings compare lexically, which orders ISO dates correctly.
  if (typeof actual === 'string' && typeof expected === 'string') return test(actual < expected ? -1 : actual > expected ? 1 : 0);
  return false;
}

/** Applies a filter operator; a type mismatch is simply false, never an error. */
export function compare(op: Operator, actual: Json | undefined, expected: Json | undefined): boolean {
  switch (op) {
    case 'eq':
      return equal(actual, expected);
    case 'neq':
      return !equal(actual, expected);
    case 'gt':
      return ordered(actual, expected, (s) => s > 0);
    case 'gte':
      return ordered(actual, expected, (s) => s >= 0);
    case 'lt':
      return ordered(actual, expected, (s) => s < 0);
    case 'lte':
      return ordered(actual, expected, (s) => s <= 0);
    case 'contains':
      if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
      return Array.isArray(actual) && actual.some((item) => equal(item, expected));
    case 'in':
      return Array.isArray(expected) && expected.some((item) => equal(item, actual));
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
  }
}
