import { z } from 'zod';
import { EventMatcher } from '../schema/conditions.ts';
import { Duration, TimeOfDay } from '../schema/primitives.ts';
import { define } from './define.ts';

/** The most items a digest may keep: a message lists them, and the enrolment's snapshot carries them. */
export const MAX_DIGEST_ITEMS = 100;

export const DigestConfig = EventMatcher.extend({
  window: Duration.optional().meta({ title: 'Window', description: 'How long the digest collects from the moment the contact reaches it, e.g. 1 hour' }),
  until: TimeOfDay.optional().meta({ title: 'Until', description: "Collects until this time of day in the contact's time zone, instead of a fixed window" }),
  groupBy: z.string().min(1).optional().meta({
    title: 'Group by',
    description: 'An event property: events with the same value make one item, the latest one (e.g. product_id)',
  }),
  maxItems: z
    .number()
    .int()
    .min(1)
    .max(MAX_DIGEST_ITEMS)
    .default(20)
    .meta({ title: 'Most items', description: 'How many items the message gets at most: the latest ones; digest.count still counts every event' }),
})
  .strict()
  .refine((c) => (c.window === undefined) !== (c.until === undefined), { message: 'give either a window or a time of day, one of them', path: ['window'] });

export const DIGEST_NODES = [
  define('wait.digest', DigestConfig, {
    family: 'wait',
    title: 'Digest',
    description: 'Collects an event over a window, then continues once: the next message lists the items (digest.items, digest.count).',
    machine: 'digest',
    outputs: ['next'],
    starter: () => ({ event: '', window: '1h' }),
    behaviour: (run, node, seq) => run.wait(node, seq),
  }),
] as const;
