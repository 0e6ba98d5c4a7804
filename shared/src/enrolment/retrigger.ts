import { valueAt } from '../conditions/compare.ts';
import type { ContactEvent } from '../engine/types.ts';
import type { RetriggerChoice } from '../schema/scenario.ts';
import type { EntryTrigger } from './journeys.ts';

/** The correlation value of a run that has none: every run of a scenario not in `parallel` mode, and an entry without the key. */
export const NO_CORRELATION = '';

/**
 * Which run of the scenario an entry belongs to: in `parallel` mode, the value of the key property of the entry
 * event, as text (a number 12 and a string "12" are different carts); otherwise, and for an entry without the
 * property, no correlation: one run at a time.
 */
export function correlationOf(retrigger: RetriggerChoice, event: Pick<ContactEvent, 'properties'> | undefined): string {
  if (retrigger.mode !== 'parallel' || !event) return NO_CORRELATION;
  const value = valueAt(event.properties, retrigger.key);
  if (value === undefined || value === null || value === '') return NO_CORRELATION;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Why a run in progress ended when its entry arrived again in `restart` mode: its trace says so. A campaign is
 * named without its run's number, which is the server's own: the simulator's trace reads the same.
 */
export function restartReason(trigger: EntryTrigger, event: Pick<ContactEvent, 'name'> | undefined): string {
  const by = trigger.startsWith('campaign:') ? 'campaign' : trigger;
  return event ? `restarted: ${event.name} arrived again` : `restarted: entered again (${by})`;
}
