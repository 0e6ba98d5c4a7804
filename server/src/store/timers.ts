import { isNotNull, min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { enrolments } from '../db/schema.ts';
import { statements, type DueTimer } from '../db/statements.ts';

/**
 * Takes up to `limit` timers due at `now`, earliest first, with the enrolments they wake: they are
 * cleared here, in the caller's transaction, which must also apply their steps (so a timer fires
 * once: a crash before the commit leaves it to fire again).
 */
export function claimDueTimers(db: Db, now: number, limit: number): DueTimer[] {
  const q = statements(db);
  const due = q.dueTimers.all({ now, limit });
  if (due.length > 0) q.clearTimers.run({ ids: JSON.stringify(due.map((timer) => timer.enrolment.id)) });
  return due;
}

/** When the next timer falls due, if any. */
export function nextTimerDueAt(db: Db): number | undefined {
  // The condition lets SQLite read the minimum off the partial index of pending timers.
  const [row] = db.select({ at: min(enrolments.dueAt) }).from(enrolments).where(isNotNull(enrolments.dueAt)).all();
  return row?.at ?? undefined;
}
