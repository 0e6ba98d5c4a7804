import { z } from 'zod';
import { expiryIn, readToken, signToken, type TokenReading } from './signed-token.ts';

/** Signed like unsubscribe links, with the purpose signed along: an open token never passes for a click token. */
const OPEN = 'open';
const CLICK = 'click';

const OpenPayload = z.object({ m: z.number().int(), exp: z.number().int() }).strict();
/** The click token names the one link it leads to: the redirect goes only where a message of ours pointed. */
const ClickPayload = z.object({ m: z.number().int(), u: z.url({ protocol: /^https?$/ }), exp: z.number().int() }).strict();

export interface TrackingLinkOptions {
  publicUrl: string;
  secret: string;
  ttlDays: number;
  now: number;
}

/** The pixel and link URLs of one message: `${publicUrl}/t/o/<token>` and `${publicUrl}/t/c/<token>`. */
export function trackingLinks(messageId: number, options: TrackingLinkOptions) {
  const base = options.publicUrl.replace(/\/+$/, '');
  const exp = expiryIn(options.now, options.ttlDays);
  return {
    pixel: `${base}/t/o/${signToken({ m: messageId, exp }, options.secret, OPEN)}`,
    link: (url: string) => `${base}/t/c/${signToken({ m: messageId, u: url, exp }, options.secret, CLICK)}`,
  };
}

export type OpenReading = TokenReading<{ messageId: number }>;
export type ClickReading = TokenReading<{ messageId: number; url: string }>;

export function readOpenToken(token: string, secret: string, now: number): OpenReading {
  const reading = readToken(token, secret, OpenPayload, now, OPEN);
  return reading.ok ? { ok: true, data: { messageId: reading.data.m } } : reading;
}

export function readClickToken(token: string, secret: string, now: number): ClickReading {
  const reading = readToken(token, secret, ClickPayload, now, CLICK);
  return reading.ok ? { ok: true, data: { messageId: reading.data.m, url: reading.data.u } } : reading;
}
