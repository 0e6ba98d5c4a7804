import { z } from 'zod';
import { evaluateCondition, matchesEvent } from '../conditions/evaluate.ts';
import type { ContactEvent } from '../engine/types.ts';
import { Condition, PropertyFilter } from '../schema/conditions.ts';
import { Duration } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { SameAs, sameAsHolds, type Remembered } from './correlation.ts';
import type { NodeRun } from './define.ts';

export const GoalConfig = z
  .object({
    event: z.string().min(1).optional(),
    where: z.array(PropertyFilter).optional(),
    sameAs: SameAs.optional(),
    within: Duration.optional().meta({
      title: 'Window',
      description: 'How long before reaching the goal its event still counts, e.g. 7 days; without it, since the contact entered',
    }),
    condition: Condition.optional().meta({ title: 'Goal condition', description: 'Reaching the goal while this is true is a conversion' }),
    revenueProperty: z.string().min(1).optional().meta({
      title: 'Revenue property',
      description: "The goal event's property that holds what a conversion earned; without it, the property named revenue",
    }),
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
  const { event, condition } = config;
  const done = goalEvent(run, config);
  if (done !== undefined) return { status: 'converted', reason: done === run.event ? `goal event ${event}` : `goal event ${event} done earlier` };
  if (condition !== undefined && evaluateCondition(condition, run.contact, run.now)) return { status: 'converted', reason: 'goal condition met' };
  const last = run.lastStep;
  if (event === undefined && condition === undefined && last?.output !== undefined && HAPPENED_OUTPUTS[last.type] === last.output) {
    return { status: 'converted', reason: last.type === 'wait.event' ? `awaited ${last.reason ?? 'event'} happened` : 'awaited condition met' };
  }
  return { status: 'completed', reason: event !== undefined ? `reached the goal without its event ${event}` : 'reached the goal without its event or condition' };
}

/** What `goalEvent` reads of a step: the event that moved the contact, its history, when, and since when it is enrolled. */
export type GoalEventRun = Pick<NodeRun, 'event' | 'now' | 'enteredAt'> & { contact: { events: readonly ContactEvent[] }; remembered?: Remembered };

/**
 * The goal's event that makes reaching the goal a conversion: the event of this step if it matches, else
 * the latest matching one within the window (by default since the contact entered). Undefined for a goal
 * without an event or when none matches.
 */
export function goalEvent(run: GoalEventRun, config: z.output<typeof GoalConfig>): ContactEvent | undefined {
  const { event, where, within, sameAs } = config;
  if (event === undefined) return undefined;
  const matches = (e: ContactEvent) => matchesEvent({ event, where }, e) && sameAsHolds(sameAs, run.remembered, e.properties);
  if (run.event && matches(run.event)) return run.event;
  const since = within ? run.now - parseDuration(within) : (run.enteredAt ?? -Infinity);
  return run.contact.events.findLast((e) => e.at >= since && e.at <= run.now && matches(e));
}

/**
 * What a conversion at a goal earned, in hundredths (integer sums stay exact): the `revenue` property (or the
 * goal's `revenueProperty`) of the goal's event, or of the event that moved the contact when the goal names
 * none (a goal reached from a wait for that event). A number or a numeric string; 0 when there is none.
 */
export function conversionRevenue(run: GoalEventRun, config: z.output<typeof GoalConfig>): number {
  const source = config.event !== undefined ? goalEvent(run, config) : run.event;
  const value = source?.properties[config.revenueProperty ?? 'revenue'];
  const amount = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}
