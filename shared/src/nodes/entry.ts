import { z } from 'zod';
import { Condition, EventMatcher } from '../schema/conditions.ts';
import { TimeOfDay } from '../schema/primitives.ts';
import { blankCondition, define, type Behaviour, type NodeShape } from './define.ts';

/** An entry says which event, if any, let the contact in. */
const entered: Behaviour<NodeShape> = (run, node) => run.record(node, 'entered', run.event ? { reason: `event ${run.event.name}` } : {});

const common = { family: 'entry', machine: 'pass', outputs: ['next'], behaviour: entered } as const;

export const ENTRY_NODES = [
  define('entry.event', EventMatcher.strict(), {
    ...common,
    title: 'Event trigger',
    description: 'Enters a contact when they do an event, optionally filtered on its properties.',
    starter: () => ({ event: '' }),
  }),
  define('entry.segment', z.object({ condition: Condition }).strict(), {
    ...common,
    title: 'Segment entry',
    description: 'Enters a contact when their attributes start matching a condition.',
    starter: () => ({ condition: blankCondition }),
  }),
  define(
    'entry.date',
    z
      .object({
        attribute: z.string().min(1),
        offsetDays: z.number().int().min(-366).max(366).default(0).meta({ description: 'Negative = days before, positive = days after' }),
        at: TimeOfDay.default('09:00'),
        recurrence: z.enum(['yearly', 'once']).default('yearly'),
      })
      .strict(),
    {
      ...common,
      title: 'Date attribute',
      description: 'Enters a contact on a date held in an attribute (birthday, renewal), N days before or after.',
      starter: () => ({ attribute: 'birthday', offsetDays: 0, at: '09:00', recurrence: 'yearly' }),
    },
  ),
  define('entry.api', z.object({}).strict(), {
    ...common,
    title: 'API enrolment',
    description: 'Enters contacts enrolled by hand or through the HTTP API.',
    starter: () => ({}),
  }),
] as const;
