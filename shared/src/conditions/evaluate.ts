import type { Condition, EventMatcher, PropertyFilter } from '../schema/conditions.ts';
import type { Json } from '../schema/primitives.ts';
import type { ContactEvent, ContactFacts, Instant } from '../engine/types.ts';
import { parseDuration } from '../time/duration.ts';
import { compare, valueAt } from './compare.ts';

export function matchesFilters(filters: PropertyFilter[] | undefined, properties: Record<string, Json>): boolean {
  return (filters ?? []).every((f) => compare(f.op, valueAt(properties, f.property), f.value));
}

/** Whether an event is the one a trigger, a wait or a goal listens for: same name, every filter holding. */
export function matchesEvent(matcher: EventMatcher, event: Pick<ContactEvent, 'name' | 'properties'>): boolean {
  return matcher.event === event.name && matchesFilters(matcher.where, event.properties);
}

/** Evaluates a condition on a contact's attributes, lists, consents and event history as of `now`. */
export function evaluateCondition(condition: Condition, facts: ContactFacts, now: Instant): boolean {
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, facts, now));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, facts, now));
  if ('not' in condition) return !evaluateCondition(condition.not, facts, now);
  if ('inList' in condition) return facts.lists.includes(condition.inList);
  if ('consent' in condition) return facts.consents[condition.consent] === true;
  if ('attribute' in condition) return compare(condition.op, valueAt(facts.attributes, condition.attribute), condition.value);
  const since = condition.within ? now - parseDuration(condition.within) : -Infinity;
  let count = 0;
  for (const event of facts.events) {
    if (event.at >= since && event.at <= now && matchesEvent(condition, event)) count++;
  }
  const { op, value } = condition.count ?? { op: 'gte' as const, value: 1 };
  return compare(op, count, value);
}
