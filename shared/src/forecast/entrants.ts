import { evaluateCondition } from '../conditions/evaluate.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import type { DraftScenario } from '../schema/draft.ts';
import { Condition } from '../schema/conditions.ts';

/**
 * How many of `sample` a scenario's entry would take in at `now`, or null when its entry does not allow an estimate:
 * a segment entry takes in whoever matches its condition; an event, a date or an API call enters contacts only when
 * it happens. A draft whose segment condition is not complete yet gives null too.
 */
export function entrantsAmong(scenario: Pick<DraftScenario, 'nodes'>, sample: readonly ContactFacts[], now: Instant): number | null {
  const entries = scenario.nodes.filter((node) => node.type.startsWith('entry.'));
  if (entries.length !== 1 || entries[0].type !== 'entry.segment') return null;
  const condition = Condition.safeParse((entries[0].config as { condition?: unknown }).condition);
  if (!condition.success) return null;
  return sample.filter((facts) => evaluateCondition(condition.data, facts, now)).length;
}
