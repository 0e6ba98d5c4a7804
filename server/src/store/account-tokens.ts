import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { accountTokens, type AccountTokenKind } from '../db/schema.ts';
import { newSecret, secretHash } from '../people/tokens.ts';

/** How long a one-time link works. */
export const TOKEN_TTL_MS: Record<AccountTokenKind, number> = { setup: 24 * 3600_000, reset: 3600_000 };

/** Issues a one-time token; only its hash is stored, the token itself goes in the link. */
export function issueToken(db: Db, kind: AccountTokenKind, userId: string | null, now: number): string {
  const token = newSecret();
  db.insert(accountTokens).values({ hash: secretHash(token), kind, userId, createdAt: now, expiresAt: now + TOKEN_TTL_MS[kind] }).run();
  return token;
}

const usable = (kind: AccountTokenKind, token: string, now: number) =>
  and(eq(accountTokens.hash, secretHash(token)), eq(accountTokens.kind, kind), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now));

/** Whether a token would still be accepted (the setup page asks before showing its form). */
export const tokenUsable = (db: Db, kind: AccountTokenKind, token: string, now: number): boolean =>
  db.select({ hash: accountTokens.hash }).from(accountTokens).where(usable(kind, token, now)).get() !== undefined;

/** Whether a setup link is still waiting to be used: then the server does not print another. */
export const setupPending = (db: Db, now: number): boolean =>
  db.select({ hash: accountTokens.hash }).from(accountTokens).where(and(eq(accountTokens.kind, 'setup'), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now))).get() !== undefined;

/**
 * Uses a token up and runs `then` in the same transaction: a token works once, even for two requests at the same
 * time, and is not used up when `then` throws. Undefined when the token is unknown, used, expired or of another kind.
 */
export function consumeToken<T>(db: Db, kind: AccountTokenKind, token: string, now: number, then: (userId: string | null) => T): T | undefined {
  return db.transaction((tx) => {
    const row = tx.update(accountTokens).set({ usedAt: now }).where(usable(kind, token, now)).returning({ userId: accountTokens.userId }).get();
    return row ? then(row.userId) : undefined;
  });
}
