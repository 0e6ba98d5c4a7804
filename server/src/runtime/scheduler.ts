import { claimDueDateEntries, nextDateEntryAt } from '../store/date-entries.ts';
import { claimDueRechecks, nextRecheckAt } from '../store/rechecks.ts';
import { claimDueTimers, nextTimerDueAt } from '../store/timers.ts';
import type { Session } from './session.ts';

/**
 * Date occurrences fired per transaction at most: each enrols a contact and runs its first steps, and
 * a birthday can fall due for thousands at one instant; the scheduler comes back at once for the rest.
 */
export const DATE_ENTRIES_PER_TRANSACTION = 50;

/**
 * Fires up to `limit` due timers, then the date-entry occurrences and the segment re-checks due (the
 * simulator's order at one instant). Each is deleted in the same
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
  const dates = claimDueDateEntries(session.db, session.now, Math.min(limit - due.length, DATE_ENTRIES_PER_TRANSACTION));
  for (const date of dates) session.contact(date.contactId)?.journeys.dateDue(date.scenarioId, date.dueAt);
  const rechecks = claimDueRechecks(session.db, session.now, limit - due.length - dates.length);
  for (const recheck of rechecks) session.contact(recheck.contactId)?.journeys.recheckDue(recheck.scenarioId, recheck.dueAt);
  return due.length + dates.length + rechecks.length;
}

/** When the next timer, date-entry occurrence or segment re-check falls due, if any. */
export function nextDueAt(session: Session): number | undefined {
  const next = Math.min(...[nextTimerDueAt(session.db), nextDateEntryAt(session.db), nextRecheckAt(session.db)].map((at) => at ?? Infinity));
  return Number.isFinite(next) ? next : undefined;
}
