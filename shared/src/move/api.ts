import { z } from 'zod';
import { Identifier } from '../schema/primitives.ts';
import type { InFlightMapping } from './mapping.ts';

/** A publish request's choice for the contacts in flight on earlier versions. */
export const InFlightChoice = z.enum(['keep', 'move']);
export type InFlightChoice = z.infer<typeof InFlightChoice>;

export const InFlightMappingSchema = z
  .record(z.string().regex(/^\d+$/, 'a version number'), z.record(Identifier, Identifier.nullable()))
  .meta({
    id: 'InFlightMapping',
    description:
      'By earlier version ("3"), by node of that version: the node of the new version its waiting contacts move to, or null to keep them ' +
      'on their version. A node left out goes to the node with the same id when it holds the same kind of waiting contact, else stays.',
  }) satisfies z.ZodType<InFlightMapping>;

const NamedNode = z.object({ node: z.string(), name: z.string().meta({ description: 'its label, else its type' }) });

/** Where the contacts in flight on earlier versions would go if the draft were published with a move. */
export const InFlightPreviewSchema = z
  .object({
    version: z.number().int().meta({ description: 'the version the draft becomes (the latest one when the draft equals it)' }),
    rows: z.array(
      z.object({
        version: z.number().int().meta({ description: 'an earlier version holding contacts' }),
        node: z.string(),
        name: z.string(),
        type: z.string(),
        contacts: z.number().int().meta({ description: 'how many contacts wait there now' }),
        to: z.string().nullable().meta({ description: "the new version's node they move to by the mapping given (else by default), or null: they stay" }),
        targets: z.array(NamedNode).meta({ description: "the new version's nodes they may move to: those holding the same kind of waiting contact" }),
      }),
    ),
  })
  .meta({ id: 'InFlightPreview' });
export type InFlightPreview = z.infer<typeof InFlightPreviewSchema>;
