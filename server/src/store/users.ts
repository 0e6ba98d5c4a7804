import { randomUUID } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import type { Role, User } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { users, userSessions } from '../db/schema.ts';

export type UserRow = typeof users.$inferSelect;

export const userInfo = (row: UserRow): User => ({ id: row.id, email: row.email, role: row.role, active: row.active, createdAt: new Date(row.createdAt).toISOString(), name: row.name });

/** Creates a user; undefined when the email is taken. The caller hashes the password. */
export function createUser(db: Db, input: { email: string; passwordHash: string; role: Role; name?: string }, now: number): UserRow | undefined {
  const row = { id: randomUUID(), email: input.email.toLowerCase(), passwordHash: input.passwordHash, role: input.role, active: true, createdAt: now, name: input.name ?? null };
  const inserted = db.insert(users).values(row).onConflictDoNothing().run().changes > 0;
  return inserted ? row : undefined;
}

export const findUserByEmail = (db: Db, email: string): UserRow | undefined => db.select().from(users).where(eq(users.email, email.toLowerCase())).get();
export const findUser = (db: Db, id: string): UserRow | undefined => db.select().from(users).where(eq(users.id, id)).get();
export const listUsers = (db: Db): UserRow[] => db.select().from(users).orderBy(asc(users.createdAt), asc(users.email)).all();
export const countUsers = (db: Db): number => db.select({ n: count() }).from(users).get()!.n;

/** Changes a role or (de)activates; deactivating also ends the user's sessions, in the same transaction. */
export function updateUser(db: Db, id: string, change: { role?: Role; active?: boolean }): UserRow | undefined {
  return db.transaction((tx) => {
    const updated = tx.update(users).set(change).where(eq(users.id, id)).returning().get();
    if (updated && change.active === false) tx.delete(userSessions).where(eq(userSessions.userId, id)).run();
    return updated;
  });
}

/** Sets a new password and ends every session of the user (whoever knew the old one is signed out). */
export function setPassword(db: Db, id: string, passwordHash: string): void {
  db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, id)).run();
    tx.delete(userSessions).where(eq(userSessions.userId, id)).run();
  });
}
