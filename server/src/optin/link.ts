import { z } from 'zod';
import { expiryIn, readToken, signToken, type TokenReading } from '../channels/signed-token.ts';

/** Signed along with the payload, so that no other kind of token (unsubscribe, preferences) confirms a consent. */
const PURPOSE = 'confirm-consent';

const Payload = z.object({ r: z.number().int().positive(), exp: z.number().int() }).strict();

export type ConfirmationReading = TokenReading<{ requestId: number }>;

/** The link of a confirmation message: `${publicUrl}/c/${token}`, naming the consent request, valid `ttlDays`. */
export function confirmationUrl(requestId: number, options: { publicUrl: string; secret: string; ttlDays: number; now: number }): string {
  const token = signToken({ r: requestId, exp: expiryIn(options.now, options.ttlDays) }, options.secret, PURPOSE);
  return `${options.publicUrl.replace(/\/+$/, '')}/c/${token}`;
}

export function readConfirmationToken(token: string, secret: string, now: number): ConfirmationReading {
  const reading = readToken(token, secret, Payload, now, PURPOSE);
  return reading.ok ? { ok: true, data: { requestId: reading.data.r } } : reading;
}
