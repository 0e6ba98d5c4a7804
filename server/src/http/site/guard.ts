import type { Context } from 'hono';
import type { SiteKeyInfo } from '@parcours/shared';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/open.ts';
import { findSiteKey } from '../../store/site-keys.ts';
import { parseJsonText } from '../body.ts';
import { ApiError } from '../errors.ts';
import type { SiteRateLimits } from './rate-limits.ts';

/**
 * The checks of every request the snippet makes, before its body is read:
 * - the site key (`?key=` so that a beacon can carry it, or the `X-Parcours-Site-Key` header);
 * - the page's origin on the key's allow-list: CORS headers name that origin only, and any other origin (or
 *   none: a browser always sends one on these requests) is refused, so another site cannot use the key;
 * - a preflight (OPTIONS) is answered here.
 * The rate limits apply once the visitor is known (`limit`).
 */
export function siteRequest(c: Context, db: Db): { key: SiteKeyInfo; preflight: boolean } {
  const given = c.req.query('key') ?? c.req.header('x-parcours-site-key');
  if (!given) throw new ApiError(401, 'unauthorized', 'send the site key: ?key=sk_… or the X-Parcours-Site-Key header');
  const key = findSiteKey(db, given);
  if (!key) throw new ApiError(401, 'unauthorized', 'this site key is not valid (revoked or mistyped)');
  const origin = c.req.header('origin');
  if (!origin || !key.origins.includes(origin)) {
    throw new ApiError(403, 'origin_not_allowed', `${origin ? `the origin ${origin} is` : 'a request without an Origin header is'} not allowed for this site key; add it to the key's origins`);
  }
  c.header('access-control-allow-origin', origin);
  c.header('vary', 'Origin');
  const preflight = c.req.method === 'OPTIONS';
  if (preflight) {
    c.header('access-control-allow-methods', 'GET, POST');
    c.header('access-control-allow-headers', 'content-type, x-parcours-site-key');
    c.header('access-control-max-age', '600');
  }
  return { key, preflight };
}

/** The key's and the visitor's rate limits: a 429 with Retry-After (seconds) when either is spent. */
export function limit(c: Context, limits: SiteRateLimits, clock: Clock, key: SiteKeyInfo, visitor: string): void {
  const waitMs = limits.take(key, visitor, clock.now());
  if (waitMs === 0) return;
  c.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
  throw new ApiError(429, 'rate_limited', 'too many requests for this site key or visitor; try again after Retry-After seconds');
}

/**
 * The JSON body of a snippet request, whatever its declared type: `navigator.sendBeacon` and a fetch that must
 * not be preflighted send `text/plain`.
 */
export const siteBody = async (c: Context): Promise<unknown> => parseJsonText(await c.req.text());
