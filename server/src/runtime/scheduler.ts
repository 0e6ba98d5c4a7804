import { claimDueDateEntries, nextDateEntryAt } from '../store/date-entries.ts';
import { claimDueRechecks, nextRecheckAt } from '../store/rechecks.ts';
import { claimDueMembershipRechecks, nextMembershipRecheckAt } from '../store/segments.ts';
import { claimDueTimers, nextTimerDueAt } from '../store/timers.ts';
import type { Session } from './session.ts';

/**
 * Timers, date occurrences and re-checks claimed per slice of a transaction (see withinBudget): the
 * most the scheduler overruns its time budget by. A timer step takes about 0.1 ms, a date occurrence
 * (an enrolment and its first steps) about 0.5 ms at 1M contacts on a quiet machine.
 */
export const DUE_SLICE = 20;

/**
 * Fires up to `limit` due timers, then the date-entry occurrences, the segment re-checks and the saved
 * segments' membership re-checks due (the simulator's order at one instant). Each is deleted in the same
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
  const dates = claimDueDateEntries(session.db, session.now, limit - due.length);
  for (const date of dates) session.contact(date.contactId)?.journeys.dateDue(date.scenarioId, date.dueAt);
  const rechecks = claimDueRechecks(session.db, session.now, limit - due.length - dates.length);
  for (const recheck of rechecks) session.contact(recheck.contactId)?.journeys.recheckDue(recheck.scenarioId, recheck.dueAt);
  const memberships = claimDueMembershipRechecks(session.db, session.now, limit - due.length - dates.length - rechecks.length);
  for (const recheck of memberships) session.contact(recheck.contactId)?.journeys.membershipRecheckDue();
  return due.length + dates.length + rechecks.length + memberships.length;
}

/** When the next timer, date-entry occurrence or segment re-check falls due, if any. */
export function nextDueAt(session: Session): number | undefined {
  const next = Math.min(...[nextTimerDueAt(session.db), nextDateEntryAt(session.db), nextRecheckAt(session.db), nextMembershipRecheckAt(session.db)].map((at) => at ?? Infinity));
  return Number.isFinite(next) ? next : undefined;
}
