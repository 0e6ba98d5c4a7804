import type { Condition } from '../schema/conditions.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import { parseDuration } from '../time/duration.ts';
import { matchesEvent } from './evaluate.ts';

type Leaf = Exclude<Condition, { all: Condition[] } | { any: Condition[] } | { not: Condition }>;

/** Whether some leaf of the condition (an attribute, event or list test) passes `test`. */
function someLeaf(condition: Condition, test: (leaf: Leaf) => boolean): boolean {
  if ('all' in condition) return condition.all.some((c) => someLeaf(c, test));
  if ('any' in condition) return condition.any.some((c) => someLeaf(c, test));
  if ('not' in condition) return someLeaf(condition.not, test);
  return test(condition);
}

/** Whether the condition reads the event history: an event, or time moving a window, may change its truth. */
export const readsEvents = (condition: Condition): boolean => someLeaf(condition, (leaf) => 'event' in leaf);

/** Whether the condition counts events of this name: an event of it may change its truth. */
export const readsEvent = (condition: Condition, name: string): boolean => someLeaf(condition, (leaf) => 'event' in leaf && leaf.event === name);

/** Whether the condition's truth can change by the passage of time alone (an event-history window). */
export const dependsOnTime = (condition: Condition): boolean => someLeaf(condition, (leaf) => 'event' in leaf && leaf.within !== undefined);

/**
 * The first instant after `now` at which the condition's truth may change with the facts as they
 * are: when an event that counts for a windowed event condition falls out of its window (an event
 * at `t` counts for "within W" up to `t + W`, no longer at `t + W + 1`). Undefined when time alone
 * changes nothing. Evaluating the condition at that instant and just before it tells whether it
 * became true there.
 */
export function nextTimeChange(condition: Condition, facts: ContactFacts, now: Instant): Instant | undefined {
  let next: Instant | undefined;
  const visit = (c: Condition): void => {
    if ('all' in c) return c.all.forEach(visit);
    if ('any' in c) return c.any.forEach(visit);
    if ('not' in c) return visit(c.not);
    if (!('event' in c) || c.within === undefined) return;
    const window = parseDuration(c.within);
    for (const event of facts.events) {
      const leaves = event.at + window + 1;
      if (leaves > now && event.at <= now && (next === undefined || leaves < next) && matchesEvent(c, event)) next = leaves;
    }
  };
  visit(condition);
  return next;
}
