import { z } from 'zod';
import { valueAt } from '../conditions/compare.ts';
import type { Json } from '../schema/primitives.ts';

/**
 * "The same cart": an awaited event (or a goal's) must carry, in `property`, the value the same property had
 * in the event that started the journey, or, with `from`, in the event a wait-for-event node of the path got.
 */
export const SameAs = z
  .object({
    property: z.string().min(1).meta({ title: 'Property', description: 'Dot path into the events’ properties, e.g. cart_id' }),
    from: z
      .string()
      .min(1)
      .optional()
      .meta({ title: 'From', description: 'The wait-for-event node whose event holds the value; without it, the event that started the journey' }),
  })
  .strict()
  .meta({ title: 'Same as', description: 'Only an event whose property equals that of the event that started the journey (or of an earlier awaited event) counts' });
export type SameAs = z.infer<typeof SameAs>;

/** Where the journey's own trigger event is remembered among the sources (node ids never start with "_"). */
export const TRIGGER_SOURCE = '_trigger';

/** The values a journey remembers for later `sameAs` checks: by source (the trigger or a node id), by property. */
export type Remembered = Record<string, Record<string, Json>>;

export const sourceOf = (sameAs: SameAs): string => sameAs.from ?? TRIGGER_SOURCE;

/** The properties of an event that later checks need, and only those (they are persisted with the enrolment). */
export function remember(remembered: Remembered | undefined, source: string, properties: readonly string[], event: Record<string, Json>): Remembered {
  const kept: Record<string, Json> = {};
  for (const property of properties) {
    const value = valueAt(event, property);
    if (value !== undefined) kept[property] = value;
  }
  return { ...remembered, [source]: kept };
}

/**
 * Whether an event's properties satisfy `sameAs` (always, without one). An event whose reference was never
 * remembered (the awaited event did not happen on this path) or lacks the property does not match.
 */
export function sameAsHolds(sameAs: SameAs | undefined, remembered: Remembered | undefined, properties: Record<string, Json>): boolean {
  if (!sameAs) return true;
  const expected = remembered?.[sourceOf(sameAs)]?.[sameAs.property];
  const actual = valueAt(properties, sameAs.property);
  return expected !== undefined && actual !== undefined && JSON.stringify(actual) === JSON.stringify(expected);
}
