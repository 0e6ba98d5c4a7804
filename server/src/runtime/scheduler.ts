import { claimDueRechecks, nextRecheckAt } from '../store/rechecks.ts';
import { claimDueTimers, nextTimerDueAt } from '../store/timers.ts';
import type { Session } from './session.ts';

/**
 * Fires up to `limit` due timers, then the segment re-checks due. Both are deleted in the same
 * transaction that applies their steps: a crash before the commit leaves them to fire again, after it
 * they are gone, so a timer never fires twice and never gets lost. Returns how many were claimed.
 */
export function fireDueTimers(session: Session, limit: number): number {
  const due = claimDueTimers(session.db, session.now, limit);
  for (const timer of due) {
    const state = session.contact(timer.enrolment.contactId);
    const enrolment = state?.runner.activeEnrolment(timer.enrolment);
    if (enrolment) state!.journeys.timerDue(enrolment, timer.node, timer.seq);
  }
  const rechecks = claimDueRechecks(session.db, session.now, limit - due.length);
  for (const recheck of rechecks) session.contact(recheck.contactId)?.journeys.recheckDue(recheck.scenarioId, recheck.dueAt);
  return due.length + rechecks.length;
}

/** When the next timer or segment re-check falls due, if any. */
export function nextDueAt(session: Session): number | undefined {
  const timer = nextTimerDueAt(session.db);
  const recheck = nextRecheckAt(session.db);
  if (timer === undefined) return recheck;
  return recheck === undefined ? timer : Math.min(timer, recheck);
}
