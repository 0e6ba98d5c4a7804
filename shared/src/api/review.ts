import { z } from 'zod';
import type { Json } from '../schema/primitives.ts';
import type { ScenarioDiff } from '../publish/diff.ts';
import { ChangedNodeSchema as ChangedNode, DraftDocument as Document, IssueSchema } from './schemas.ts';

/**
 * Comparing versions and reviewing before publishing (issue 16): the answers of the diff and review routes, shared
 * by the server (OpenAPI document), its tests and the web app.
 */

const Timestamp = z.iso.datetime({ offset: true });
const AnyJson = z.any().meta({ description: 'any JSON value' }) as z.ZodType<Json>;
const FieldChange = z.object({
  path: z.string().meta({ description: 'e.g. `label`, `config.delay`, `templates.welcome.subject`' }),
  before: AnyJson.optional().meta({ description: 'absent when the field was not there' }),
  after: AnyJson.optional().meta({ description: 'absent when the field is gone' }),
});
const EdgeShape = z.object({ id: z.string(), source: z.string(), sourceHandle: z.string(), target: z.string() });

export const ScenarioDiffSchema = z
  .object({
    nodes: z.object({
      added: z.array(ChangedNode),
      removed: z.array(ChangedNode),
      changed: z.array(ChangedNode.extend({ fields: z.array(FieldChange) })),
    }),
    edges: z.object({ added: z.array(EdgeShape), removed: z.array(EdgeShape) }).meta({ description: 'connections (source, output, target), whatever their ids' }),
    other: z.array(FieldChange).meta({ description: 'name, description, settings, templates (by id), test cases' }),
  })
  .meta({ id: 'ScenarioDiff', description: 'What differs from one document to the other; positions on the canvas are not a change' }) satisfies z.ZodType<ScenarioDiff>;

/** A version number, or the draft. */
export const VersionRefSchema = z.union([z.number().int().min(1), z.literal('draft')]);
export type VersionRef = z.infer<typeof VersionRefSchema>;

export const VersionDiffSchema = z
  .object({
    from: VersionRefSchema,
    to: VersionRefSchema,
    before: Document,
    after: Document,
    diff: ScenarioDiffSchema,
  })
  .meta({ id: 'VersionDiff' });
export type VersionDiff = z.infer<typeof VersionDiffSchema>;

// Review before publishing ---------------------------------------------------------------------

export const ReviewSettingsSchema = z
  .object({ required: z.boolean().meta({ description: 'Editors ask for a review; a publisher approves (which publishes) or sends back' }) })
  .strict()
  .meta({ id: 'ReviewSettings' });
export type ReviewSettings = z.infer<typeof ReviewSettingsSchema>;

/** pending: waiting for a publisher; approved: published; sent_back: returned with a comment; superseded: a newer request replaced it. */
export const REVIEW_STATUSES = ['pending', 'approved', 'sent_back', 'superseded'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ReviewSchema = z
  .object({
    id: z.number().int(),
    scenarioId: z.string(),
    scenarioName: z.string(),
    status: z.enum(REVIEW_STATUSES),
    note: z.string().optional().meta({ description: "The editor's note: what the change is for" }),
    requestedBy: z.string().meta({ description: "The requester's email or the key's name" }),
    requestedAt: Timestamp,
    baseVersion: z.number().int().nullable().meta({ description: 'The live version when the review was asked for (null: never published)' }),
    decidedBy: z.string().optional(),
    decidedAt: Timestamp.optional(),
    comment: z.string().optional().meta({ description: "The publisher's comment (always given when sent back)" }),
    publishedVersion: z.number().int().optional().meta({ description: 'The version the approval published' }),
  })
  .meta({ id: 'Review' });
export type Review = z.infer<typeof ReviewSchema>;

export const ReviewListSchema = z.object({ items: z.array(ReviewSchema).meta({ description: 'newest first' }) }).meta({ id: 'ReviewList' });

/** Why approving would publish something other than what was reviewed: approval is refused then. */
export const REVIEW_STALE_REASONS = ['draft_changed', 'version_changed'] as const;
export type ReviewStaleReason = (typeof REVIEW_STALE_REASONS)[number];

export const ReviewDetailSchema = ReviewSchema.extend({
  snapshot: Document.meta({ description: 'The draft as it was when the review was asked for: what approval publishes' }),
  diff: ScenarioDiffSchema.meta({ description: 'From the version live at the request to the snapshot' }),
  stale: z.enum(REVIEW_STALE_REASONS).nullable().meta({ description: 'For a pending review: why it can no longer be approved, if so' }),
  draftChanges: ScenarioDiffSchema.nullable().meta({ description: 'From the snapshot to the current draft, when the draft changed since the request' }),
}).meta({ id: 'ReviewDetail' });
export type ReviewDetail = z.infer<typeof ReviewDetailSchema>;

export const ReviewApprovalSchema = z
  .object({
    review: ReviewSchema,
    version: z.number().int().meta({ description: 'The version the approval published' }),
    failingCases: z.array(IssueSchema).optional().meta({ description: 'The saved cases that failed, when approved with override' }),
    moved: z.number().int().optional().meta({ description: 'With inFlight "move": how many contacts in flight moved to the new version' }),
  })
  .meta({ id: 'ReviewApproval' });
export type ReviewApproval = z.infer<typeof ReviewApprovalSchema>;
