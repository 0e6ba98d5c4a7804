import { min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { timers } from '../db/schema.ts';
import { statements, type DueTimer } from '../db/statements.ts';

/**
 * Takes up to `limit` timers due at `now`, earliest first, with the enrolments they wake: they are
 * deleted here, in the caller's transaction, which must also apply their steps (so a timer fires
 * once: a crash before the commit leaves it to fire again).
 */
export function claimDueTimers(db: Db, now: number, limit: number): DueTimer[] {
  const q = statements(db);
  const due = q.dueTimers.all({ now, limit });
  for (const timer of due) q.deleteTimer.run({ id: timer.id });
  return due;
}

/** When the next timer falls due, if any. */
export function nextTimerDueAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(timers.dueAt) }).from(timers).all();
  return row?.at ?? undefined;
}
