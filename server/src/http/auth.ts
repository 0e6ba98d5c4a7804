import type { MiddlewareHandler } from 'hono';
import type { ApiKeyInfo } from '@parcours/shared';
import { findApiKey, recordKeyUse } from '../store/keys.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import { ApiError } from './errors.ts';

export type AuthEnv = { Variables: { apiKey: ApiKeyInfo } };

/** What an ingest-only key may call: sending events and contacts, nothing that reads or edits scenarios. */
const INGEST_ROUTES: Array<[string, RegExp]> = [
  ['POST', /^\/api\/(track|identify|batch)$/],
  ['POST', /^\/api\/contacts\/batch$/],
  ['PUT', /^\/api\/contacts\/[^/]+$/],
];

const PUBLIC_ROUTES: Array<[string, RegExp]> = [
  ['GET', /^\/api\/health$/],
  // Signed with the provider's HMAC secret instead (routes/feedback.ts).
  ['POST', /^\/api\/feedback\/[^/]+$/],
  // The browser snippet's routes check a site key instead (http/site/guard.ts).
  ...['OPTIONS', 'GET', 'POST'].map((method): [string, RegExp] => [method, /^\/api\/decide$/]),
  ...['OPTIONS', 'POST'].map((method): [string, RegExp] => [method, /^\/api\/collect$/]),
];

const matches = (routes: Array<[string, RegExp]>, method: string, path: string) => routes.some(([m, p]) => m === method && p.test(path));

/** Bearer API keys on every route but health and provider feedback; ingest keys only reach the ingest routes. */
export function authenticate(db: Db, clock: Clock): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { method, path } = c.req;
    if (matches(PUBLIC_ROUTES, method, path)) return next();
    const header = c.req.header('authorization');
    const key = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!key) throw new ApiError(401, 'unauthorized', 'send an API key: "Authorization: Bearer <key>"');
    const info = findApiKey(db, key);
    if (!info) throw new ApiError(401, 'unauthorized', 'this API key is not valid (revoked or mistyped)');
    if (info.scope !== 'admin' && !matches(INGEST_ROUTES, method, path)) {
      throw new ApiError(403, 'forbidden', `an ${info.scope} key may only send events and contacts; ${method} ${path} needs an admin key`);
    }
    recordKeyUse(db, info.id, clock.now());
    c.set('apiKey', info);
    return next();
  };
}
