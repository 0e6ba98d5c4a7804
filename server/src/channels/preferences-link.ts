import { z } from 'zod';
import { readToken, signToken, type TokenReading } from './signed-token.ts';
import type { UnsubscribeLinkOptions } from './unsubscribe.ts';

/** Signed along with the payload, so that no other kind of token opens a contact's preference centre. */
const PURPOSE = 'preferences';

const Payload = z.object({ c: z.string().min(1), exp: z.number().int() }).strict();

export type PreferencesReading = TokenReading<{ contactId: string }>;

/** The contact's own preference centre: `${publicUrl}/p/${token}`, with the unsubscribe link's secret and lifetime. */
export function preferencesUrl(contactId: string, options: UnsubscribeLinkOptions): string {
  const now = options.now?.() ?? Date.now();
  const token = signToken({ c: contactId, exp: Math.ceil((now + options.ttlDays * 86_400_000) / 1000) }, options.secret, PURPOSE);
  return `${options.publicUrl.replace(/\/+$/, '')}/p/${token}`;
}

export function readPreferencesToken(token: string, secret: string, now: number): PreferencesReading {
  const reading = readToken(token, secret, Payload, now, PURPOSE);
  return reading.ok ? { ok: true, data: { contactId: reading.data.c } } : reading;
}
