import { z } from 'zod';
import { Identifier } from '../schema/primitives.ts';
import { define } from './define.ts';

/**
 * An entry on a saved segment (shared/src/segments): the contact enters the journey when they enter the
 * segment, that is on the `segment_entered` event the membership policy emits with the segment's id.
 */
export const MEMBERSHIP_NODES = [
  define(
    'entry.membership',
    z
      .object({
        segment: Identifier.meta({ title: 'Saved segment' }),
        enrolExisting: z.boolean().default(false).meta({ description: 'When published, also enrol the contacts already in the segment' }),
      })
      .strict(),
    {
      family: 'entry',
      machine: 'pass',
      outputs: ['next'],
      title: 'Saved segment entry',
      description: 'Enters a contact when they enter a saved segment.',
      starter: () => ({ segment: '', enrolExisting: false }),
      behaviour: (run, node) => run.record(node, 'entered', { reason: `segment ${node.config.segment}` }),
    },
  ),
] as const;
