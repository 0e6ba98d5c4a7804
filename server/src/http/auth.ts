import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import { roleAllows, type ApiKeyInfo, type Role } from '@parcours/shared';
import { findApiKey, recordKeyUse } from '../store/keys.ts';
import { findSession } from '../store/user-sessions.ts';
import type { UserRow } from '../store/users.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import { accessOf } from './access.ts';
import { ApiError } from './errors.ts';

export const SESSION_COOKIE = 'parcours_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Who is calling: a machine with an API key, or a person signed in with the session cookie. */
export type Caller = { kind: 'key'; key: ApiKeyInfo } | { kind: 'user'; user: UserRow; sessionId: string; csrfToken: string };

export type AuthEnv = { Variables: { caller: Caller } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function callerOf(db: Db, clock: Clock, header: string | undefined, sessionId: string | undefined): Caller | undefined {
  if (header !== undefined) {
    const key = header.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!key) throw new ApiError(401, 'unauthorized', 'send an API key: "Authorization: Bearer <key>"');
    const info = findApiKey(db, key);
    if (!info) throw new ApiError(401, 'unauthorized', 'this API key is not valid (revoked or mistyped)');
    recordKeyUse(db, info.id, clock.now());
    return { kind: 'key', key: info };
  }
  if (sessionId === undefined) return undefined;
  const session = findSession(db, sessionId, clock.now());
  if (!session) throw new ApiError(401, 'unauthorized', 'your session has ended: sign in again');
  return { kind: 'user', user: session.user, sessionId, csrfToken: session.csrfToken };
}

/**
 * The one gate of the API: who calls (an API key in "Authorization: Bearer", or the session cookie), then whether
 * their role reaches the route's in the access table (access.ts). A request made with the cookie that changes
 * anything must also carry the session's CSRF token in X-CSRF-Token, which another site cannot read.
 */
export function authenticate(db: Db, clock: Clock): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const { method } = c.req;
    const path = c.req.path.replace(/^\/api/, '');
    // A path missing from the table is for admins only: an unknown path answers them 404, and a route someone forgot
    // to list is closed to everyone else (the role walk test fails on it).
    // A CORS preflight never carries credentials (the snippet's routes answer it by their site key's origins).
    if (method === 'OPTIONS') return next();
    const access = accessOf(method, path) ?? 'admin';
    if (access === 'public' || access === 'site') return next();
    const caller = callerOf(db, clock, c.req.header('authorization'), getCookie(c, SESSION_COOKIE));
    if (!caller) throw new ApiError(401, 'unauthorized', 'sign in, or send an API key: "Authorization: Bearer <key>"');
    if (caller.kind === 'user' && !SAFE_METHODS.has(method)) {
      const sent = c.req.header(CSRF_HEADER) ?? '';
      if (!sameSecret(sent, caller.csrfToken)) {
        throw new ApiError(403, 'csrf', `a change made with the session cookie needs the session's token in the "X-CSRF-Token" header`);
      }
    }
    const needed = typeof access === 'string' ? access : access.role;
    const role: Role | 'ingest' = caller.kind === 'key' ? caller.key.scope : caller.user.role;
    const allowed = role === 'ingest' ? typeof access === 'object' && access.ingest : roleAllows(role, needed);
    if (!allowed) {
      const who = caller.kind === 'key' ? `an ${role} key` : `a${role === 'admin' || role === 'editor' ? 'n' : ''} ${role}`;
      throw new ApiError(403, 'forbidden', `${who} may not ${method} ${path}: it needs the ${needed} role`);
    }
    c.set('caller', caller);
    return next();
  };
}
