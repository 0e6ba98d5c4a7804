import { evaluateCondition } from '../conditions/evaluate.ts';
import type { ContactFacts, Instant } from '../engine/types.ts';
import type { DraftScenario } from '../schema/draft.ts';
import { Condition } from '../schema/conditions.ts';

/**
 * How many of `sample` match a scenario's segment entry at `now` (its audience as it stands), or null when the entry
 * allows no estimate: an event, a date or an API call enters contacts only when it happens. A draft whose segment
 * condition is not complete yet gives null too.
 */
export function entrantsAmong(scenario: Pick<DraftScenario, 'nodes'>, sample: readonly ContactFacts[], now: Instant): number | null {
  const entries = scenario.nodes.filter((node) => node.type.startsWith('entry.'));
  if (entries.length !== 1 || entries[0].type !== 'entry.segment') return null;
  const condition = Condition.safeParse((entries[0].config as { condition?: unknown }).condition);
  if (!condition.success) return null;
  return sample.filter((facts) => evaluateCondition(condition.data, facts, now)).length;
}
