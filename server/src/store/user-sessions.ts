import { and, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { users, userSessions } from '../db/schema.ts';
import { newSecret, secretHash } from '../people/tokens.ts';
import type { UserRow } from './users.ts';

/** How long a sign-in lasts: a working day and a half, then the browser signs in again. */
export const SESSION_TTL_MS = 12 * 3600_000;

/** Opens a session; the returned id goes in the cookie and is stored only hashed. */
export function openSession(db: Db, userId: string, now: number): { id: string; csrfToken: string; expiresAt: number } {
  const id = newSecret();
  const session = { hash: secretHash(id), userId, csrfToken: newSecret(), createdAt: now, expiresAt: now + SESSION_TTL_MS };
  db.transaction((tx) => {
    // Expired sessions go when a new one opens: the table stays the size of the signed-in browsers.
    tx.delete(userSessions).where(lte(userSessions.expiresAt, now)).run();
    tx.insert(userSessions).values(session).run();
  });
  return { id, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}

/** The live session of a cookie, with its user: none when unknown, expired, signed out or the user is deactivated. */
export function findSession(db: Db, id: string, now: number): { user: UserRow; csrfToken: string } | undefined {
  const row = db
    .select({ user: users, csrfToken: userSessions.csrfToken })
    .from(userSessions)
    .innerJoin(users, eq(users.id, userSessions.userId))
    .where(and(eq(userSessions.hash, secretHash(id)), gt(userSessions.expiresAt, now), eq(users.active, true)))
    .get();
  return row ?? undefined;
}

export const closeSession = (db: Db, id: string): boolean => db.delete(userSessions).where(eq(userSessions.hash, secretHash(id))).run().changes > 0;
