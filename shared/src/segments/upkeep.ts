import { evaluateCondition, matchesFilters } from '../conditions/evaluate.ts';
import type { Condition } from '../schema/conditions.ts';
import type { ContactEvent, ContactFacts, Instant } from '../engine/types.ts';
import { parseDuration } from '../time/duration.ts';
import type { SavedSegment } from './definition.ts';

type EventLeaf = Extract<Condition, { event: string }>;
type Count = NonNullable<EventLeaf['count']>;
const AT_LEAST_ONE: Count = { op: 'gte', value: 1 };

/** An event condition of a segment, with its window in milliseconds. */
interface CountedLeaf {
  leaf: EventLeaf;
  window: number | undefined;
}

/** A segment's event conditions by the event name they count: compiled once per saved segment (the list is rebuilt when one changes). */
const compiled = new WeakMap<SavedSegment, Map<string, CountedLeaf[]>>();

function leavesByEvent(segment: SavedSegment): Map<string, CountedLeaf[]> {
  let byEvent = compiled.get(segment);
  if (byEvent) return byEvent;
  byEvent = new Map();
  const visit = (c: Condition): void => {
    if ('all' in c) return c.all.forEach(visit);
    if ('any' in c) return c.any.forEach(visit);
    if ('not' in c) return visit(c.not);
    if (!('event' in c)) return;
    const leaves = byEvent!.get(c.event) ?? [];
    leaves.push({ leaf: c, window: c.within === undefined ? undefined : parseDuration(c.within) });
    byEvent!.set(c.event, leaves);
  };
  visit(segment.condition);
  compiled.set(segment, byEvent);
  return byEvent;
}

/**
 * The truth of each event condition that the whole condition being `holds` forces, given the attributes, consents
 * and lists: every part of an `all` that holds holds, every part of an `any` that fails fails, a `not` flips, and
 * the one part the facts leave open in an `all` that fails (an `any` that holds) while they make every other part
 * hold (fail) fails (holds).
 */
function forcedTruths(condition: Condition, holds: boolean, facts: ContactFacts, now: Instant, into = new Map<EventLeaf, boolean>()): Map<EventLeaf, boolean> {
  if ('all' in condition || 'any' in condition) {
    const [parts, and] = 'all' in condition ? [condition.all, true] : [condition.any, false];
    // An `all` that holds (an `any` that fails) forces each part; otherwise at most the one part left open.
    if (holds === and) for (const part of parts) forcedTruths(part, holds, facts, now, into);
    else {
      const open = parts.filter((part) => settledWithoutHistory(part, facts, now) !== and);
      if (open.length === 1 && settledWithoutHistory(open[0], facts, now) === undefined) forcedTruths(open[0], holds, facts, now, into);
    }
  } else if ('not' in condition) forcedTruths(condition.not, !holds, facts, now, into);
  else if ('event' in condition) into.set(condition, holds);
  return into;
}

/** The condition's truth from the contact's attributes, consents and lists alone, when they settle it whatever the event history. */
function settledWithoutHistory(condition: Condition, facts: ContactFacts, now: Instant): boolean | undefined {
  if ('all' in condition || 'any' in condition) {
    const [parts, decisive] = 'all' in condition ? [condition.all, false] : [condition.any, true];
    let open = false;
    for (const part of parts) {
      const truth = settledWithoutHistory(part, facts, now);
      if (truth === decisive) return decisive;
      if (truth === undefined) open = true;
    }
    return open ? undefined : !decisive;
  }
  if ('not' in condition) {
    const truth = settledWithoutHistory(condition.not, facts, now);
    return truth === undefined ? undefined : !truth;
  }
  return 'event' in condition ? undefined : evaluateCondition(condition, facts, now);
}

/** Whether counting one more event leaves a count test that is `holds` as it is ("at least" stays true, "at most" stays false). */
function oneMoreKeeps({ op }: Count, holds: boolean): boolean {
  return holds ? op === 'gte' || op === 'gt' : op === 'lte' || op === 'lt';
}

/** Whether a count test that is `holds` means at least one event is counted already. */
function impliesOne({ op, value }: Count, holds: boolean): boolean {
  if (holds) return op === 'gt' || (op === 'gte' && value >= 1);
  return op === 'lte' || (op === 'lt' && value >= 1);
}

/**
 * Whether the event may change the contact's membership of the segment, or the instant time alone may change it
 * next (see `membershipNow`), decided without the contact's event history: most events of a busy contact change
 * neither, and reading the history for each was most of the upkeep's cost. False only when neither can change,
 * given that the recorded membership (`member`) follows the condition as it held before the event:
 * - the event is counted by none of the segment's event conditions (another name, a filter it fails, outside
 *   the window);
 * - the contact's attributes, consents and lists settle the condition whatever the history, as recorded (then
 *   time cannot change it either, until they change, which checks the segment again);
 * - each event condition counting it has a truth the membership (with the attributes...) forces, that one more event
 *   keeps (an "at least" that holds, an "at most" that fails), and a windowed one already counts an event at least
 *   as old as this one (one that happens now): the next instant an event leaves its window stays the same.
 * A segment whose membership is still being computed after a save (`computing`) has no recorded membership to
 * rely on yet: every event it counts may change it.
 */
export function eventMayChangeMembership(segment: SavedSegment, event: ContactEvent, facts: ContactFacts, member: boolean, now: Instant): boolean {
  const counting = (leavesByEvent(segment).get(event.name) ?? []).filter(
    ({ leaf, window }) => event.at <= now && (window === undefined || event.at >= now - window) && matchesFilters(leaf.where, event.properties),
  );
  if (counting.length === 0) return false;
  if (segment.computing) return true;
  const settled = settledWithoutHistory(segment.condition, facts, now);
  if (settled !== undefined) return settled !== member;
  const forced = forcedTruths(segment.condition, member, facts, now);
  return !counting.every(({ leaf, window }) => {
    const holds = forced.get(leaf);
    const count = leaf.count ?? AT_LEAST_ONE;
    if (holds === undefined || !oneMoreKeeps(count, holds)) return false;
    return window === undefined || (event.at === now && impliesOne(count, holds));
  });
}
