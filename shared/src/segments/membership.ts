import { evaluateCondition } from '../conditions/evaluate.ts';
import { dependsOnTime, nextTimeChange } from '../conditions/timing.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import type { SavedSegment } from './definition.ts';

/**
 * Whether the contact belongs to the segment now, and (for a condition with an event window) the next
 * instant time alone may change that, when an event it counts leaves the window; null when time changes
 * nothing, undefined when it could but no event is due to leave.
 */
export function membershipNow(segment: SavedSegment, facts: ContactFacts, now: Instant): { holds: boolean; recheckAt: Instant | undefined | null } {
  const holds = evaluateCondition(segment.condition, facts, now);
  return { holds, recheckAt: dependsOnTime(segment.condition) ? nextTimeChange(segment.condition, facts, now) : null };
}
