import { z } from '@hono/zod-openapi';
import { Channel, ContactProfile, Identifier } from '@parcours/shared';

/**
 * The request and response shapes of the HTTP API. The same zod objects validate requests and
 * produce the OpenAPI document; scenario bodies reference the shared scenario JSON Schema instead
 * (its recursive conditions are beyond zod-to-openapi) and are checked by the shared validator.
 */

// Bodies arrive as parsed JSON, so any value here is already JSON.
const Json = z.any().openapi({ description: 'any JSON value' });
const JsonObject = z.record(z.string(), Json);
const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: '2026-01-05T08:00:00Z' });

export const SCENARIO_REF = { $ref: '#/components/schemas/Scenario' } as const;

export const IssueSchema = z
  .object({ path: z.string(), message: z.string(), nodeId: z.string().optional(), edgeId: z.string().optional() })
  .openapi('Issue');

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }) })
  .openapi('Error');

export const ValidationErrorSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.string().optional(),
  })
  .openapi('ValidationError');
export const ValidationSchema = z.object({ ok: z.boolean(), errors: z.array(ValidationErrorSchema) }).openapi('Validation');

export const ScenarioStatusSchema = z.enum(['draft', 'live', 'archived']);

export const ScenarioSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: ScenarioStatusSchema,
    latestVersion: z.number().int().nullable(),
    updatedAt: Timestamp,
  })
  .openapi('ScenarioSummary');

export const ScenarioDetailSchema = ScenarioSummarySchema.extend({
  draft: z.any().openapi(SCENARIO_REF),
  validation: ValidationSchema,
}).openapi('ScenarioDetail');

// Wrapped rather than annotated in place: a schema built by shared before zod was extended for
// OpenAPI has no .openapi(), and the order modules load in must not matter.
export const ScenarioIdParam = z.object({ id: z.string().pipe(Identifier).openapi({ param: { name: 'id', in: 'path' }, example: 'welcome' }) });
export const VersionParam = ScenarioIdParam.extend({
  v: z.coerce.number().int().min(1).openapi({ param: { name: 'v', in: 'path' }, example: 1 }),
});

export const EnrolBodySchema = z.object({ contactId: z.string().min(1) }).openapi('EnrolRequest');

export const SimulateBodySchema = z
  .object({
    contact: z.any().openapi({ description: 'a ContactProfile: id, attributes, consents, timeZone, lists' }),
    events: z.array(z.any()).default([]).openapi({ description: 'timeline entries: { at, event, properties } or { at, attributes }' }),
    start: Timestamp.optional(),
    until: z.string().optional().openapi({ example: '90d' }),
  })
  .openapi('SimulateRequest');

const NodeCounts = z.object({ entered: z.number(), waiting: z.number(), exited: z.number(), converted: z.number() });
export const StatsSchema = z
  .object({
    nodes: z.record(z.string(), NodeCounts),
    outputs: z.record(z.string(), z.record(z.string(), z.object({ taken: z.number(), converted: z.number() }))),
  })
  .openapi('VersionStats');

// Contacts ------------------------------------------------------------------------------------

const Consents = ContactProfile.shape.consents.unwrap();

export const ContactPatchSchema = z
  .object({
    attributes: JsonObject.optional(),
    consents: Consents.optional().openapi({ type: 'object', example: { email: true } }),
    timeZone: z.string().min(1).nullable().optional().openapi({ example: 'Europe/Paris' }),
    lists: z.array(z.string().min(1)).optional(),
  })
  .strict()
  .openapi('ContactPatch');

export const ContactIdParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' } }) });

/** A known contact's id (a Segment userId). "anon:" starts the ids the server gives anonymous visitors. */
const UserId = z
  .string()
  .min(1)
  .max(200)
  .refine((id) => !id.startsWith('anon:'), 'ids starting with "anon:" are reserved for anonymous visitors');

export const WritableContactIdParam = z.object({ id: UserId.openapi({ param: { name: 'id', in: 'path' } }) });

export const ContactBatchSchema = z
  .object({ contacts: z.array(ContactPatchSchema.extend({ id: UserId })).min(1).max(10_000) })
  .openapi('ContactBatch');

export const ContactSchema = z
  .object({
    id: z.string(),
    anonymous: z.boolean(),
    attributes: JsonObject,
    consents: z.object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() }),
    timeZone: z.string().nullable(),
    lists: z.array(z.string()),
    anonymousIds: z.array(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Contact');

export const ContactSearchQuery = z.object({
  search: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const TimelineItemSchema = z
  .object({
    at: Timestamp,
    kind: z.enum(['event', 'step', 'message']),
    scenarioId: z.string().optional(),
    version: z.number().optional(),
    node: z.string().optional(),
    outcome: z.string().optional(),
    reason: z.string().optional(),
  })
  .passthrough()
  .openapi('TimelineItem');

// Events (Segment-style) -----------------------------------------------------------------------

const Identity = {
  userId: UserId.optional(),
  anonymousId: z.string().min(1).max(200).optional(),
};
const needsIdentity = (e: { userId?: string; anonymousId?: string }) => e.userId !== undefined || e.anonymousId !== undefined;
const identityMessage = { message: 'give a userId or an anonymousId', path: ['userId'] };

const TrackFields = z.object({
  ...Identity,
  event: z.string().min(1).max(200),
  properties: JsonObject.default({}),
  timestamp: Timestamp.optional(),
});
export const TrackSchema = TrackFields.refine(needsIdentity, identityMessage).openapi('Track');

const IdentifyFields = z.object({
  userId: UserId,
  anonymousId: z.string().min(1).max(200).optional(),
  traits: JsonObject.default({}),
  timestamp: Timestamp.optional(),
});
export const IdentifySchema = IdentifyFields.openapi('Identify');

export const BatchSchema = z
  .object({
    batch: z
      .array(
        z.discriminatedUnion('type', [
          TrackFields.extend({ type: z.literal('track') }).refine(needsIdentity, identityMessage),
          IdentifyFields.extend({ type: z.literal('identify') }),
        ]),
      )
      .min(1)
      .max(10_000),
  })
  .openapi('Batch');

export const IngestResultSchema = z.object({ accepted: z.number().int(), enrolled: z.number().int() }).openapi('IngestResult');

// Messages and keys ----------------------------------------------------------------------------

export const MessageQuery = z.object({
  contactId: z.string().optional(),
  scenarioId: z.string().optional(),
  /** The Tasks page lists the outbox's `task` rows. */
  channel: Channel.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const MessageSchema = z
  .object({
    id: z.number().int(),
    contactId: z.string(),
    scenarioId: z.string(),
    version: z.number().int(),
    node: z.string(),
    channel: z.string(),
    template: z.string().nullable(),
    status: z.enum(['pending', 'sandboxed', 'sent', 'skipped', 'failed']),
    reason: z.string().nullable(),
    rendered: Json.optional(),
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
  })
  .openapi('Message');

export const KeyScopeSchema = z.enum(['admin', 'ingest']);
export const NewKeySchema = z.object({ name: z.string().min(1).max(100), scope: KeyScopeSchema }).openapi('NewKey');
export const KeySchema = z
  .object({ id: z.string(), name: z.string(), scope: KeyScopeSchema, prefix: z.string(), createdAt: Timestamp })
  .openapi('ApiKey');
export const CreatedKeySchema = KeySchema.extend({ key: z.string().openapi({ description: 'shown once' }) }).openapi('CreatedKey');
export const KeyIdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });
