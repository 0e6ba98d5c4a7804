import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-parcours-signature';
export const TIMESTAMP_HEADER = 'x-parcours-timestamp';

export type SignatureCheck = { ok: true } | { ok: false; reason: 'missing' | 'bad_signature' | 'stale' };

/** `sha256=` and the hex HMAC-SHA256, under the provider's secret, of `<timestamp>.<raw body>`. */
export function feedbackSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A feedback request is genuine when its signature covers its timestamp and body, and fresh when the timestamp
 * (seconds since the epoch) is within `toleranceSeconds` of now: an old request replayed is refused even with its
 * valid signature (a replay within the window is caught by its delivery id).
 */
export function checkFeedbackSignature(
  request: { timestamp: string | undefined; signature: string | undefined; body: string },
  secret: string,
  toleranceSeconds: number,
  now: number,
): SignatureCheck {
  const { timestamp, signature, body } = request;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  const expected = Buffer.from(feedbackSignature(secret, timestamp, body));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  const seconds = Number(timestamp);
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - seconds) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}
