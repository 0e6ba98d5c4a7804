import { z } from 'zod';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import { Condition, PropertyFilter } from '../schema/conditions.ts';
import { Duration } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import type { NodeRun } from './define.ts';

export const GoalConfig = z
  .object({
    event: z.string().min(1).optional(),
    where: z.array(PropertyFilter).optional(),
    within: Duration.optional().meta({
      title: 'Window',
      description: 'How long before reaching the goal its event still counts, e.g. 7 days; without it, since the contact entered',
    }),
    condition: Condition.optional().meta({ title: 'Goal condition', description: 'Reaching the goal while this is true is a conversion' }),
  })
  .strict();

/** The outputs through which the event or condition a contact waited for happened. */
const HAPPENED_OUTPUTS: Record<string, string> = { 'wait.event': 'happened', 'wait.condition': 'met' };

/**
 * What reaching a goal node means. A conversion is the goal actually happening: its event done
 * within its window (by default since the contact entered), or its condition true on arrival. A goal
 * with neither names the thing it waits for by position: reaching it straight from a wait whose
 * event happened or whose condition was met converts. Any other arrival is a completion: the contact
 * went the whole way, but nobody saw the goal happen.
 */
export function goalOutcome(run: NodeRun, config: z.output<typeof GoalConfig>): { status: 'converted' | 'completed'; reason: string } {
  const { event, where, within, condition } = config;
  if (event !== undefined) {
    const matcher = { event, where };
    if (run.event && matchesEvent(matcher, run.event)) return { status: 'converted', reason: `goal event ${event}` };
    const since = within ? run.now - parseDuration(within) : (run.enteredAt ?? -Infinity);
    if (run.contact.events.some((e) => e.at >= since && e.at <= run.now && matchesEvent(matcher, e))) {
      return { status: 'converted', reason: `goal event ${event} done earlier` };
    }
  }
  if (condition !== undefined && evaluateCondition(condition, run.contact, run.now)) return { status: 'converted', reason: 'goal condition met' };
  const last = run.lastStep;
  if (event === undefined && condition === undefined && last?.output !== undefined && HAPPENED_OUTPUTS[last.type] === last.output) {
    return { status: 'converted', reason: last.type === 'wait.event' ? `awaited ${last.reason ?? 'event'} happened` : 'awaited condition met' };
  }
  return { status: 'completed', reason: event !== undefined ? `reached the goal without its event ${event}` : 'reached the goal without its event or condition' };
}
