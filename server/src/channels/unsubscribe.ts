import { MESSAGE_CHANNELS, type MessageChannel } from '@parcours/shared';
import { z } from 'zod';
import { readToken, signToken } from './signed-token.ts';

/** Who may turn off which channel, until when (ms since the epoch); the message whose link it was, when known. */
export interface UnsubscribeClaim {
  contactId: string;
  channel: MessageChannel;
  expiresAt: number;
  messageId?: number;
}

export type UnsubscribeVerification =
  | ({ ok: true } & UnsubscribeClaim)
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** The signed part: short keys keep the link short; `m` (the message) came later, so older links lack it. */
const Payload = z.object({ c: z.string().min(1), ch: z.enum(MESSAGE_CHANNELS), exp: z.number().int(), m: z.number().int().optional() }).strict();

/** See signToken: URL-safe, verifiable without a database. */
export function createUnsubscribeToken(claim: UnsubscribeClaim, secret: string): string {
  const { contactId, channel, expiresAt, messageId } = claim;
  return signToken({ c: contactId, ch: channel, exp: Math.ceil(expiresAt / 1000), ...(messageId === undefined ? {} : { m: messageId }) }, secret);
}

export function verifyUnsubscribeToken(token: string, secret: string, now: number = Date.now()): UnsubscribeVerification {
  const reading = readToken(token, secret, Payload, now);
  if (!reading.ok) return reading;
  const { c, ch, exp, m } = reading.data;
  return { ok: true, contactId: c, channel: ch, expiresAt: exp * 1000, ...(m === undefined ? {} : { messageId: m }) };
}

export interface UnsubscribeLinkOptions {
  /** Where the server is reached from a mail client, e.g. "https://parcours.example.com". */
  publicUrl: string;
  secret: string;
  ttlDays: number;
  now?: () => number;
}

/**
 * The one-click link for a contact and channel: `${publicUrl}/u/${token}` (RFC 8058 POST, or GET from the body).
 * With the message's id, an unsubscribe through it counts on that message's node.
 */
export function unsubscribeUrl(contactId: string, channel: MessageChannel, options: UnsubscribeLinkOptions, messageId?: number): string {
  const now = options.now?.() ?? Date.now();
  const token = createUnsubscribeToken({ contactId, channel, expiresAt: now + options.ttlDays * 86_400_000, messageId }, options.secret);
  return `${options.publicUrl.replace(/\/+$/, '')}/u/${token}`;
}
