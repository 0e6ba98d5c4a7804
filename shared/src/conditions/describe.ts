import type { Condition } from '../schema/conditions.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import { evaluateCondition } from './evaluate.ts';

const shown = (value: unknown) => (value === undefined ? '' : ` ${JSON.stringify(value)}`);

/** A condition in a line of plain (English) words, as the trace speaks: `score gte 40`, `did page_viewed within 1d`. */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return `(${condition.any.map(describeCondition).join(' or ')})`;
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('inList' in condition) return `in list ${condition.inList}`;
  if ('consent' in condition) return `consent to ${condition.consent}`;
  if ('attribute' in condition) return `${condition.attribute} ${condition.op}${condition.op === 'exists' || condition.op === 'not_exists' ? '' : shown(condition.value)}`;
  const count = condition.count ? ` ${condition.count.op} ${condition.count.value} times` : '';
  const within = condition.within ? ` within ${condition.within}` : '';
  return `did ${condition.event}${condition.where?.length ? ' (filtered)' : ''}${count}${within}`;
}

/**
 * The part of a condition that does not hold for the contact, in words: for `all`, the first member that fails
 * (recursively), so a trace names the one test that kept a contact out rather than the whole condition.
 * Only meaningful when the condition is false.
 */
export function failingPart(condition: Condition, facts: ContactFacts, now: Instant): string {
  if ('all' in condition) {
    const failing = condition.all.find((c) => !evaluateCondition(c, facts, now));
    if (failing) return failingPart(failing, facts, now);
  }
  return describeCondition(condition);
}
