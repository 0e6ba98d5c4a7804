import { createHmac, timingSafeEqual } from 'node:crypto';
import { MESSAGE_CHANNELS, type MessageChannel } from '@parcours/shared';
import { z } from 'zod';

/** Who may turn off which channel, until when (ms since the epoch). */
export interface UnsubscribeClaim {
  contactId: string;
  channel: MessageChannel;
  expiresAt: number;
}

export type UnsubscribeVerification =
  | ({ ok: true } & UnsubscribeClaim)
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** The signed part: short keys keep the link short; the expiry is in seconds. */
const Payload = z.object({ c: z.string().min(1), ch: z.enum(MESSAGE_CHANNELS), exp: z.number().int() }).strict();

function sign(payload: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** `base64url(payload).base64url(HMAC-SHA256(secret, payload))`: URL-safe, verifiable without a database. */
export function createUnsubscribeToken(claim: UnsubscribeClaim, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ c: claim.contactId, ch: claim.channel, exp: Math.ceil(claim.expiresAt / 1000) }),
  ).toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

/** Checks the signature (in constant time) before reading anything, then the expiry. */
export function verifyUnsubscribeToken(token: string, secret: string, now: number = Date.now()): UnsubscribeVerification {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'malformed' };
  const expected = sign(payload, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  let parsed: z.infer<typeof Payload>;
  try {
    parsed = Payload.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const expiresAt = parsed.exp * 1000;
  if (expiresAt <= now) return { ok: false, reason: 'expired' };
  return { ok: true, contactId: parsed.c, channel: parsed.ch, expiresAt };
}

export interface UnsubscribeLinkOptions {
  /** Where the server is reached from a mail client, e.g. "https://parcours.example.com". */
  publicUrl: string;
  secret: string;
  ttlDays: number;
  now?: () => number;
}

/** The one-click link for a contact and channel: `${publicUrl}/u/${token}` (RFC 8058 POST, or GET from the body). */
export function unsubscribeUrl(contactId: string, channel: MessageChannel, options: UnsubscribeLinkOptions): string {
  const now = options.now?.() ?? Date.now();
  const token = createUnsubscribeToken({ contactId, channel, expiresAt: now + options.ttlDays * 86_400_000 }, options.secret);
  return `${options.publicUrl.replace(/\/+$/, '')}/u/${token}`;
}
