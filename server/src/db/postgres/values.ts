/**
 * Values across libpq's text protocol, made to match what better-sqlite3 gives and takes, so a store reads the same
 * row on either database: numbers as numbers (PostgreSQL sends a bigint as text), booleans as 1 and 0, the rest as
 * strings (JSON columns stay text, decoded by the drizzle schema as on SQLite).
 */

/** PostgreSQL type ids (pg_type.oid) read as numbers. */
const NUMERIC_TYPES = new Set([20 /* int8 */, 21 /* int2 */, 23 /* int4 */, 26 /* oid */, 700 /* float4 */, 701 /* float8 */, 1700 /* numeric */]);
const BOOLEAN = 16;

export function readValue(type: number, text: string): unknown {
  if (NUMERIC_TYPES.has(type)) return Number(text);
  if (type === BOOLEAN) return text === 't' ? 1 : 0;
  return text;
}

/** A bound value as libpq's text protocol takes it; refuses what better-sqlite3 refuses (booleans, objects). */
export function bindValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      // ±Infinity binds as PostgreSQL's float8 spells it (a walk in a volume order starts after -Infinity).
      if (Number.isNaN(value)) throw new TypeError('cannot bind NaN: it is no number SQLite or PostgreSQL stores');
      return String(value);
    case 'bigint':
      return String(value);
    default:
      if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
      throw new TypeError(`cannot bind a ${typeof value}: bind numbers, strings, bigints, buffers or null (as on SQLite)`);
  }
}
