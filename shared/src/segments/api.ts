import { z } from 'zod';
import type { Condition } from '../schema/conditions.ts';
import type { Json } from '../schema/primitives.ts';

/** A condition in an answer: the shared schema checked it on the way in, so the answer only points at its JSON Schema. */
const ConditionDocument = z
  .custom<Condition>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .meta({ type: 'object', $ref: '#/components/schemas/Condition' });

const Timestamp = z.iso.datetime({ offset: true });
const Attributes = z.custom<Record<string, Json>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value)).meta({ type: 'object' });

export const SegmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().optional(),
    condition: ConditionDocument,
    size: z.number().int().meta({ description: 'Contacts in the segment now' }),
    computing: z.boolean().meta({ description: 'True while the membership of a segment just saved is still being computed: `size` counts those found so far' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Segment' });
export type SegmentAnswer = z.infer<typeof SegmentSchema>;

export const SegmentListSchema = z.object({ items: z.array(SegmentSchema) }).meta({ id: 'SegmentList' });

/** A contact as a segment's lists show it. */
export const SegmentContactSchema = z.object({ id: z.string(), attributes: Attributes, enteredAt: Timestamp.optional() }).meta({ id: 'SegmentContact' });
export type SegmentContact = z.infer<typeof SegmentContactSchema>;

export const SegmentEstimateSchema = z
  .object({
    size: z.number().int(),
    method: z.enum(['exact', 'sample']).meta({ description: '`exact`: every contact was evaluated; `sample`: a uniform random sample was, scaled to all contacts' }),
    evaluated: z.number().int().meta({ description: 'Contacts evaluated' }),
    contacts: z.number().int().meta({ description: 'Contacts in the workspace' }),
    margin: z.number().int().meta({ description: 'Half-width of the 95 % interval around `size` (0 when exact)' }),
    sample: z.array(SegmentContactSchema).meta({ description: 'A few of the contacts that match' }),
  })
  .meta({ id: 'SegmentEstimate' });
export type SegmentEstimate = z.infer<typeof SegmentEstimateSchema>;

export const SegmentMembersSchema = z
  .object({ items: z.array(SegmentContactSchema), next: z.string().optional().meta({ description: 'Pass as `after` for the next page' }) })
  .meta({ id: 'SegmentMembers' });
export type SegmentMembers = z.infer<typeof SegmentMembersSchema>;

export const SegmentSizesSchema = z
  .object({ days: z.array(z.object({ day: z.string().meta({ description: 'UTC day, YYYY-MM-DD' }), size: z.number().int() })) })
  .meta({ id: 'SegmentSizes' });
export type SegmentSizes = z.infer<typeof SegmentSizesSchema>;
