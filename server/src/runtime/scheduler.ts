import { claimDueTimers, nextTimerDueAt } from '../store/timers.ts';
import type { Session } from './session.ts';

/**
 * Fires up to `limit` due timers. The timers are deleted in the same transaction that applies
 * their steps: a crash before the commit leaves them to fire again, after it they are gone, so a
 * timer never fires twice and never gets lost. Returns how many were claimed.
 */
export function fireDueTimers(session: Session, limit: number): number {
  const due = claimDueTimers(session.db, session.now, limit);
  for (const timer of due) {
    const state = session.contact(timer.enrolment.contactId);
    if (!state) continue;
    const enrolment = session.activeEnrolment(state, timer.enrolment);
    if (!enrolment) continue;
    session.run(state, enrolment, { kind: 'timer', node: timer.node, seq: timer.seq });
    session.settle(state);
  }
  return due.length;
}

/** When the next timer falls due, if any. */
export const nextDueAt = (session: Session): number | undefined => nextTimerDueAt(session.db);
