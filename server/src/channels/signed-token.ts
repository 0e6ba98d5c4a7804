import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

export type TokenReading<T> = { ok: true; data: T } | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** The HMAC of a payload; a purpose, when given, is signed along so a token of one kind never passes for another. */
function sign(payload: string, secret: string, purpose: string | undefined): Buffer {
  return createHmac('sha256', secret)
    .update(purpose === undefined ? payload : `${purpose}:${payload}`)
    .digest();
}

/**
 * `base64url(JSON payload).base64url(HMAC-SHA256(secret, payload))`: URL-safe, verifiable without a database.
 * The payload carries its expiry as `exp`, in seconds since the epoch (short keys keep links short).
 */
export function signToken(data: { exp: number } & Record<string, unknown>, secret: string, purpose?: string): string {
  const payload = Buffer.from(JSON.stringify(data)).toString('base64url');
  return `${payload}.${sign(payload, secret, purpose).toString('base64url')}`;
}

/** Checks the signature (in constant time) before reading anything, then the payload's shape, then its expiry. */
export function readToken<S extends z.ZodType<{ exp: number }>>(token: string, secret: string, schema: S, now: number, purpose?: string): TokenReading<z.infer<S>> {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = sign(payload, secret, purpose);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let data: z.infer<S>;
  try {
    data = schema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (data.exp * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, data };
}

/** A token's expiry field for a lifetime of `ttlDays` from `now` (ms). */
export const expiryIn = (now: number, ttlDays: number) => Math.ceil((now + ttlDays * 86_400_000) / 1000);
