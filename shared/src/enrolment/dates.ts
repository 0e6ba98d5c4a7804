import type { ContactFacts, Instant } from '../engine/types.ts';
import type { NodeOf } from '../schema/nodes.ts';
import type { ReentryPolicy } from '../schema/scenario.ts';
import { dateAt, nextAnniversary } from '../time/zoned.ts';
import { reentryOpensAt, type PastEnrolment } from './reentry.ts';

/**
 * When a date-attribute entry (birthday, renewal) next falls due for the contact, at or after
 * `earliest`, in the contact's time zone (`facts.timeZone`); undefined when no occurrence is left.
 * The rule of both the simulator and the server: an occurrence counts only if it is still ahead
 * when the contact's date becomes known or changes (callers pass that instant as `earliest`), never
 * retroactively; one entry per occurrence, and the first occurrence once the re-entry policy opens.
 * While the contact is still in the scenario the occurrence is still returned: firing it enters
 * nothing, and the next one is scheduled then.
 */
export function nextDateEntry(
  entry: NodeOf<'entry.date'>,
  facts: ContactFacts,
  reentry: ReentryPolicy,
  last: PastEnrolment | undefined,
  earliest: Instant,
): Instant | undefined {
  // The next occurrence counts from just after the last entry: the same occurrence never enters twice.
  const from = Math.max(earliest, last ? Math.max(reentryOpensAt(reentry, last), last.enteredAt + 1) : -Infinity);
  if (!Number.isFinite(from)) return undefined;
  const { attribute, offsetDays, at, recurrence } = entry.config;
  const value = facts.attributes[attribute];
  if (typeof value !== 'string') return undefined;
  const due = recurrence === 'yearly' ? nextAnniversary(value, facts.timeZone, at, offsetDays, from) : dateAt(value, facts.timeZone, at, offsetDays);
  return due !== null && due >= from ? due : undefined;
}
