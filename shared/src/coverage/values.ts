import { compare, matchesFilters } from '../conditions/index.ts';
import type { Operator, PropertyFilter } from '../schema/conditions.ts';
import type { Json } from '../schema/primitives.ts';

/** One comparison a value must pass (`holds`) or fail. */
export interface ValueTest {
  op: Operator;
  value?: Json;
  holds: boolean;
}

const DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

function shiftDate(text: string, days: number): string[] {
  const day = Date.parse(`${text.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day)) return [];
  return [new Date(day + days * DAY).toISOString().slice(0, 10) + text.slice(10)];
}

/** Values next to `value` on each side, so that eq/neq/gt/lt tests against it can be met or missed. */
function neighbours(value: Json): Json[] {
  if (typeof value === 'number') return [value + 1, value - 1];
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'string') {
    // ISO dates compare as strings: their neighbours are the next and previous days.
    const dates = ISO_DATE.test(value) ? [...shiftDate(value, 1), ...shiftDate(value, -1)] : [];
    return [...dates, `${value}-other`, ''];
  }
  return [];
}

function candidatesFor(tests: ValueTest[], name: string): Array<Json | undefined> {
  const found: Array<Json | undefined> = [];
  for (const { op, value } of tests) {
    if (value === undefined) continue;
    if (op === 'in' && Array.isArray(value)) found.push(...value, ...value.flatMap(neighbours));
    else if (op === 'contains') found.push(value, [value], ...neighbours(value), []);
    else found.push(value, ...neighbours(value));
  }
  const numbers = found.filter((v): v is number => typeof v === 'number');
  for (const a of numbers) for (const b of numbers) if (a < b) found.push((a + b) / 2);
  const placeholder = /e-?mail/i.test(name) ? 'generated@example.com' : 'yes';
  found.push(placeholder, true, false, 0, 1, null, undefined);
  const seen = new Set<string>();
  return found.filter((v) => {
    const key = v === undefined ? 'undefined' : JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A value (undefined: absent) that passes or fails every test as asked, judged by the engine's own
 * `compare`; null when none of the candidates does (contradictory tests such as `eq 1` and `eq 2`).
 * `name` only picks a readable placeholder ("generated@example.com" for an email).
 */
export function valueSatisfying(tests: ValueTest[], name: string): { value: Json | undefined } | null {
  for (const candidate of candidatesFor(tests, name)) {
    if (tests.every((t) => compare(t.op, candidate, t.value) === t.holds)) return { value: candidate };
  }
  return null;
}

function setAt(root: Record<string, Json>, path: string, value: Json): void {
  const keys = path.split('.');
  let current = root;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) current[key] = {};
    current = current[key] as Record<string, Json>;
  }
  current[keys[keys.length - 1]] = value;
}

/** Event properties that pass every filter (dot paths become nested objects); null when the filters contradict. */
export function propertiesMatching(filters: PropertyFilter[] | undefined): Record<string, Json> | null {
  const byPath = new Map<string, ValueTest[]>();
  for (const f of filters ?? []) byPath.set(f.property, [...(byPath.get(f.property) ?? []), { op: f.op, value: f.value, holds: true }]);
  const properties: Record<string, Json> = {};
  for (const [path, tests] of byPath) {
    const found = valueSatisfying(tests, path);
    if (!found) return null;
    if (found.value !== undefined) setAt(properties, path, found.value);
  }
  return matchesFilters(filters, properties) ? properties : null;
}
