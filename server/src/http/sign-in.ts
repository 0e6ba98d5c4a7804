import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import type { Session } from '@parcours/shared';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { openSession, SESSION_TTL_MS } from '../store/user-sessions.ts';
import { userInfo, type UserRow } from '../store/users.ts';
import { recordAudit, userActor } from './audit.ts';
import { SESSION_COOKIE } from './auth.ts';
import type { AppEnv } from './context.ts';

/** The address one-time links are built on: PARCOURS_PUBLIC_URL when set, else the address the request came to. */
export const publicBase = (c: Context, publicUrl: string | undefined): string => (publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');

/**
 * Signs a person in (a password, the setup link, an accepted invitation): opens a session, records the sign-in, and
 * sets the cookie: HttpOnly (no script reads it), SameSite=Lax, Secure over https.
 */
export function startSession(c: Context<AppEnv>, deps: { db: Db; clock: Clock }, publicUrl: string | undefined, user: UserRow): Session {
  const session = inTransaction(deps.db, () => {
    const opened = openSession(deps.db, user.id, deps.clock.now());
    recordAudit(c, deps, { action: 'auth.login', target: { type: 'user', id: user.id } }, userActor(user));
    return opened;
  });
  setCookie(c, SESSION_COOKIE, session.id, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: publicBase(c, publicUrl).startsWith('https:'),
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
  return { user: userInfo(user), csrfToken: session.csrfToken };
}
