import { z } from 'zod';
import { Condition, EventMatcher } from '../schema/conditions.ts';
import { CalendarDate, Duration, TimeOfDay, Weekday } from '../schema/primitives.ts';
import { SameAs } from './correlation.ts';
import { blankCondition, define, type Behaviour, type NodeShape } from './define.ts';

const waits: Behaviour<NodeShape> = (run, node, seq) => run.wait(node, seq);
const Timeout = Duration.meta({ description: 'How long to wait before leaving by “timed out”, e.g. 3d' });

export const WAIT_NODES = [
  define('wait.delay', z.object({ duration: Duration }).strict(), {
    family: 'wait',
    title: 'Delay',
    description: 'Waits a fixed duration.',
    machine: 'wait',
    outputs: ['next'],
    starter: () => ({ duration: '1d' }),
    behaviour: waits,
  }),
  define(
    'wait.until',
    z
      .object({
        date: CalendarDate.optional(),
        attribute: z.string().min(1).optional(),
        offsetDays: z.number().int().min(-366).max(366).optional().meta({ description: 'Negative = days before, positive = days after' }),
        time: TimeOfDay,
      })
      .strict()
      .refine((c) => !(c.date && c.attribute), { message: 'give either a date or an attribute, not both', path: ['date'] }),
    {
      family: 'wait',
      title: 'Wait until',
      description: "Waits until a date or a time of day in the contact's time zone.",
      machine: 'wait',
      outputs: ['next'],
      starter: () => ({ time: '09:00' }),
      behaviour: waits,
    },
  ),
  define('wait.event', EventMatcher.extend({ timeout: Timeout, sameAs: SameAs.optional() }).strict(), {
    family: 'wait',
    title: 'Wait for event',
    description: 'Waits for an event, at most a timeout: two outputs, happened or timed out.',
    machine: 'event',
    outputs: ['happened', 'timedOut'],
    starter: () => ({ event: '', timeout: '3d' }),
    behaviour: waits,
  }),
  define('wait.condition', z.object({ condition: Condition, timeout: Timeout }).strict(), {
    family: 'wait',
    title: 'Wait for condition',
    description: 'Waits until a condition on the contact becomes true, at most a timeout.',
    machine: 'conditionWait',
    outputs: ['met', 'timedOut'],
    starter: () => ({ condition: blankCondition, timeout: '7d' }),
    behaviour: (run, node, seq) => {
      if (run.condition(node.config.condition)) return run.record(node, 'resumed', { reason: 'the condition already holds' });
      run.wait(node, seq);
    },
  }),
  define('wait.window', z.object({ days: z.array(Weekday).min(1), start: TimeOfDay, end: TimeOfDay }).strict(), {
    family: 'wait',
    title: 'Time window',
    description: 'Lets contacts through only between given hours on given weekdays, in their time zone.',
    machine: 'wait',
    outputs: ['next'],
    starter: () => ({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' }),
    behaviour: waits,
  }),
] as const;
