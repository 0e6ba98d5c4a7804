import { z } from 'zod';
import { Condition } from '../schema/conditions.ts';

/** What a marketer saves as a segment: a name and a condition over attributes, scores, lists, consents and event history. */
export const SegmentDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    condition: Condition,
  })
  .strict();
export type SegmentDefinition = z.infer<typeof SegmentDefinition>;

/** A saved segment as the membership policy reads it. */
export interface SavedSegment {
  id: string;
  condition: Condition;
  /** Its membership is still being computed after a save: the recorded memberships may not follow its condition yet. */
  computing?: boolean;
}

/** Events the membership policy records on the contact when they enter or leave a saved segment (property `segment`: its id). */
export const SEGMENT_ENTERED = 'segment_entered';
export const SEGMENT_EXITED = 'segment_exited';
