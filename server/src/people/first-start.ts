import type { Db } from '../db/open.ts';
import { issueToken, setupPending } from '../store/account-tokens.ts';
import { countUsers } from '../store/users.ts';

/**
 * The one-time link that creates the first administrator, issued while no one has an account and no earlier link
 * still works: printed once per link, and a new one comes at the next start only after the last one expired.
 */
export function firstStartLink(db: Db, now: number, baseUrl: string): string | undefined {
  if (countUsers(db) > 0 || setupPending(db, now)) return undefined;
  return `${baseUrl.replace(/\/$/, '')}/#/setup/${issueToken(db, 'setup', null, now)}`;
}
