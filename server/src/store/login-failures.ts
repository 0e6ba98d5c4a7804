import { and, asc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { loginFailures, type LoginThrottleScope } from '../db/schema.ts';

/** When the failures of a key happened after `since`, oldest first. */
export const failuresSince = (db: Db, scope: LoginThrottleScope, key: string, since: number): number[] =>
  db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key), gt(loginFailures.at, since)))
    .orderBy(asc(loginFailures.at))
    .all()
    .map((row) => row.at);

/** Records a failure of each key, and deletes every row at or before `forgetBefore` (no window reaches back that far). */
export function recordFailures(db: Db, keys: Array<{ scope: LoginThrottleScope; key: string }>, at: number, forgetBefore: number): void {
  db.transaction((tx) => {
    tx.delete(loginFailures).where(lte(loginFailures.at, forgetBefore)).run();
    for (const { scope, key } of keys) tx.insert(loginFailures).values({ scope, key, at }).run();
  });
}

export const clearFailures = (db: Db, scope: LoginThrottleScope, key: string): void => {
  db.delete(loginFailures).where(and(eq(loginFailures.scope, scope), eq(loginFailures.key, key))).run();
};
