import type { Instant } from '../engine/types.ts';
import type { ReentryPolicy } from '../schema/scenario.ts';
import { parseDuration } from '../time/duration.ts';

/** What the re-entry policy needs to know of the contact's latest enrolment in a scenario. */
export interface PastEnrolment {
  enteredAt: Instant;
  /** 1 for the first time the contact entered, 2 for a re-entry... */
  pass: number;
  active: boolean;
}

/** The earliest instant a contact whose latest enrolment is `last` may enter again (-Infinity: never entered). */
export function reentryOpensAt(reentry: ReentryPolicy, last: PastEnrolment | undefined): Instant {
  if (!last) return -Infinity;
  if (reentry.policy === 'never') return Infinity;
  if (reentry.policy === 'always') return last.enteredAt;
  return last.enteredAt + parseDuration(reentry.after);
}

/** Whether the contact may enter now: not in the scenario already, and the re-entry policy allows it. */
export function mayEnter(reentry: ReentryPolicy, last: PastEnrolment | undefined, now: Instant): boolean {
  return !last?.active && now >= reentryOpensAt(reentry, last);
}
