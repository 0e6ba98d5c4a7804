/** A step into a value: an object key or an array index (zod issue paths are made of these). */
export type PathSegment = string | number;

/** A zod issue path as segments (zod allows symbol keys; JSON data has none, but say them as text). */
export const segmentsOf = (path: readonly PropertyKey[]): PathSegment[] => path.map((s) => (typeof s === 'symbol' ? String(s) : s));

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** Renders a path the way a developer would write it: `nodes[2].config.duration`, `settings["odd key"]`. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value found by following `segments` from `root`, or undefined when the path leads nowhere. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let current = root;
  for (const segment of segments) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && typeof segment === 'string' && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A short rendering of a value for messages: primitives as JSON (truncated), containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    const text = typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  }
  return `a ${typeof value}`;
}
