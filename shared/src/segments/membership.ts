import { evaluateCondition } from '../conditions/evaluate.ts';
import { dependsOnTime, nextTimeChange, readsEvent } from '../conditions/timing.ts';
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

/** Subsets of a list of saved segments, kept with the list: every event of the contact asks for one. */
const subsets = new WeakMap<readonly SavedSegment[], Map<string, readonly SavedSegment[]>>();

function subset(segments: readonly SavedSegment[], key: string, select: (segment: SavedSegment) => boolean): readonly SavedSegment[] {
  let known = subsets.get(segments);
  if (!known) subsets.set(segments, (known = new Map()));
  let found = known.get(key);
  if (!found) known.set(key, (found = segments.filter(select)));
  return found;
}

/** The segments, in their order, whose condition counts events of this name: only their membership an event of it may change. */
export const segmentsReading = (segments: readonly SavedSegment[], name: string): readonly SavedSegment[] =>
  subset(segments, `event:${name}`, (segment) => readsEvent(segment.condition, name));

/** The segments, in their order, whose membership time alone may change (an event-history window). */
export const segmentsMovedByTime = (segments: readonly SavedSegment[]): readonly SavedSegment[] =>
  subset(segments, 'time', (segment) => dependsOnTime(segment.condition));
