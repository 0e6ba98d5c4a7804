import { randomUUID } from 'node:crypto';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Invitation, Role } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { invitations } from '../db/schema.ts';
import { newSecret, secretHash } from '../people/tokens.ts';

export type InvitationRow = typeof invitations.$inferSelect;

/** How long an invitation link works: a week, time enough for someone back from a long weekend. */
export const INVITATION_TTL_MS = 7 * 86_400_000;

const iso = (at: number) => new Date(at).toISOString();

export const invitationInfo = (row: InvitationRow, now: number): Invitation => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invitedBy,
  createdAt: iso(row.createdAt),
  sentAt: iso(row.sentAt),
  expiresAt: iso(row.expiresAt),
  expired: row.expiresAt <= now,
});

/** Records an invitation and returns it with the token of its link (stored only hashed); undefined when the email has one already. */
export function createInvitation(db: Db, input: { email: string; role: Role; invitedBy: string | null }, now: number): { row: InvitationRow; token: string } | undefined {
  const token = newSecret();
  const row = { id: randomUUID(), email: input.email.toLowerCase(), role: input.role, invitedBy: input.invitedBy, tokenHash: secretHash(token), createdAt: now, sentAt: now, expiresAt: now + INVITATION_TTL_MS };
  return db.insert(invitations).values(row).onConflictDoNothing().run().changes > 0 ? { row, token } : undefined;
}

export const listInvitations = (db: Db): InvitationRow[] => db.select().from(invitations).orderBy(asc(invitations.createdAt), asc(invitations.email)).all();

/** A new link for the invitation, with a new expiry: the link sent before stops working. */
export function renewInvitation(db: Db, id: string, now: number): { row: InvitationRow; token: string } | undefined {
  const token = newSecret();
  const row = db.update(invitations).set({ tokenHash: secretHash(token), sentAt: now, expiresAt: now + INVITATION_TTL_MS }).where(eq(invitations.id, id)).returning().get();
  return row ? { row, token } : undefined;
}

export const revokeInvitation = (db: Db, id: string): InvitationRow | undefined => db.delete(invitations).where(eq(invitations.id, id)).returning().get();

/**
 * Uses an invitation's link up: deletes the invitation and returns it, when the link is the current one and has not
 * expired. In the caller's transaction, with the user it creates: the link works once, even for two requests at once.
 */
export const takeInvitation = (db: Db, token: string, now: number): InvitationRow | undefined =>
  db.delete(invitations).where(and(eq(invitations.tokenHash, secretHash(token)), gt(invitations.expiresAt, now))).returning().get();
