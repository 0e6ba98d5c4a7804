/**
 * A read-only view of zod 4 schemas (their public `_zod.def`), enough to generate forms from the shared
 * scenario schema so the forms cannot drift from it. The web app does not depend on zod itself.
 */
import { DURATION_PATTERN } from '@parcours/shared';

export interface ZodLike {
  _zod: { def: ZodDef };
}

export interface ZodDef {
  type: string;
  shape?: Record<string, ZodLike>;
  element?: ZodLike;
  innerType?: ZodLike;
  options?: ZodLike[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: ZodLike;
  valueType?: ZodLike;
  defaultValue?: unknown;
  getter?: () => ZodLike;
  checks?: { _zod: { def: { check: string; value?: unknown; minimum?: number; inclusive?: boolean; format?: string; pattern?: RegExp; error?: (issue: object) => unknown } } }[];
  format?: string;
  discriminator?: string;
  in?: ZodLike;
}

export const defOf = (s: ZodLike): ZodDef => s._zod.def;

/** Strips optional / default / lazy wrappers; tells what was stripped. */
export function unwrap(schema: ZodLike): { schema: ZodLike; optional: boolean; defaultValue?: unknown } {
  let s = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const d = defOf(s);
    if (d.type === 'optional') {
      optional = true;
      s = d.innerType!;
    } else if (d.type === 'default' || d.type === 'prefault') {
      const v = d.defaultValue;
      defaultValue = typeof v === 'function' ? (v as () => unknown)() : v;
      s = d.innerType!;
    } else if (d.type === 'lazy') {
      s = d.getter!();
    } else if (d.type === 'pipe') {
      s = d.in!;
    } else {
      return { schema: s, optional, defaultValue };
    }
  }
}

/** Bounds of a number or length, from the schema's checks. */
export function bounds(schema: ZodLike): { min?: number; max?: number; int: boolean } {
  const out: { min?: number; max?: number; int: boolean } = { int: false };
  for (const c of defOf(schema).checks ?? []) {
    const d = c._zod.def;
    if (d.check === 'greater_than') out.min = Number(d.value);
    else if (d.check === 'less_than') out.max = Number(d.value);
    else if (d.check === 'min_length') out.min = d.minimum;
    else if (d.check === 'number_format' && String(d.format).includes('int')) out.int = true;
  }
  if (defOf(schema).format?.includes('int')) out.int = true;
  return out;
}

export const enumValues = (schema: ZodLike): string[] => Object.values(defOf(schema).entries ?? {}).map(String);

/** A JSON value field (attribute values, event properties): a union that accepts null and records. */
export function isJsonValue(schema: ZodLike): boolean {
  const d = defOf(schema);
  if (d.type !== 'union') return false;
  const types = d.options!.map((o) => defOf(unwrap(o).schema).type);
  return types.includes('null') && types.includes('string');
}

/**
 * What a string field expects, in words, from the schema's own messages ('must be a duration such as "3d"'
 * → 'A duration such as "3d"'), so hints cannot disagree with validation.
 */
export function formatHint(schema: ZodLike): string | undefined {
  const { schema: s } = unwrap(schema);
  const d = defOf(s);
  if (d.type === 'union') {
    const parts = d.options!.map(formatHint).filter(Boolean) as string[];
    return parts.length ? parts.map((p, i) => (i ? p.charAt(0).toLowerCase() + p.slice(1) : p)).join(', or ') : undefined;
  }
  if (d.type !== 'string') return undefined;
  if (d.format === 'datetime') return 'An ISO date and time such as "2026-01-05T08:00:00Z"';
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.format === 'datetime') return 'An ISO date and time such as "2026-01-05T08:00:00Z"';
    if (cd.format === 'regex' && cd.error) {
      const text = cd.error({});
      if (typeof text === 'string') {
        const bare = text.replace(/^must be /, '');
        return bare.charAt(0).toUpperCase() + bare.slice(1);
      }
    }
  }
  return undefined;
}

/** A duration field (a wait, a window, a cap's period): its pattern is the scenario format's duration. */
export function isDuration(schema: ZodLike): boolean {
  const d = defOf(unwrap(schema).schema);
  return d.type === 'string' && (d.checks ?? []).some((c) => c._zod.def.pattern?.source === DURATION_PATTERN.source);
}

/** A union of plain strings (an offset "3d" or an ISO instant): one text field. */
export function isStringUnion(schema: ZodLike): boolean {
  const d = defOf(schema);
  return d.type === 'union' && d.options!.every((o) => defOf(unwrap(o).schema).type === 'string');
}

/** The keys an object option of a union must have. */
export function requiredKeys(objectSchema: ZodLike): string[] {
  const shape = defOf(objectSchema).shape ?? {};
  return Object.keys(shape).filter((k) => {
    const u = unwrap(shape[k]);
    return !u.optional && u.defaultValue === undefined;
  });
}

/** Which option of a union of objects a value is: all its keys known, all required keys present. */
export function matchOption(options: ZodLike[], value: unknown): number {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return -1;
  const keys = Object.keys(value);
  const discriminated = options.findIndex((o) => {
    const shape = defOf(o).shape ?? {};
    return Object.entries(shape).some(([k, s]) => {
      const d = defOf(unwrap(s).schema);
      return d.type === 'literal' && d.values?.includes((value as Record<string, unknown>)[k]);
    });
  });
  if (discriminated >= 0) return discriminated;
  return options.findIndex((o) => {
    const shape = defOf(o).shape ?? {};
    return requiredKeys(o).every((k) => keys.includes(k)) && keys.every((k) => k in shape);
  });
}

/** The value a new field starts with: the default, else the emptiest value of the right shape. */
export function emptyValue(schema: ZodLike): unknown {
  const { schema: s, defaultValue } = unwrap(schema);
  if (defaultValue !== undefined) return structuredClone(defaultValue);
  const d = defOf(s);
  switch (d.type) {
    case 'string':
      return '';
    case 'number':
      return bounds(s).min !== undefined && bounds(s).min! > 0 ? bounds(s).min : 0;
    case 'boolean':
      return false;
    case 'enum':
      return enumValues(s)[0];
    case 'literal':
      return d.values?.[0];
    case 'array': {
      const min = bounds(s).min ?? 0;
      return Array.from({ length: min }, () => emptyValue(d.element!));
    }
    case 'record':
      return {};
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(d.shape ?? {})) {
        const u = unwrap(f);
        if (!u.optional || u.defaultValue !== undefined) out[k] = emptyValue(f);
      }
      return out;
    }
    case 'union':
      return isJsonValue(s) || isStringUnion(s) ? '' : emptyValue(d.options![0]);
    default:
      return null;
  }
}

/** "offsetDays" → "Offset days". */
export function humanKey(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]/g, ' ').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
