import { z } from '@hono/zod-openapi';
import { ADDRESS_FORMATS } from '../channels/compose.ts';
import { Channel, ContactProfile, ExternalName, Identifier, InFlightChoice, InFlightMappingSchema, KeyScopeSchema, MESSAGE_CHANNELS, ScenarioTagsSchema } from '@parcours/shared';

/**
 * The request shapes of the HTTP API: the same zod objects validate requests and produce the
 * OpenAPI document; scenario bodies reference the shared scenario JSON Schema instead (its
 * recursive conditions are beyond zod-to-openapi) and are checked by the shared validator. The
 * answers' shapes are shared with the web app and the tests (@parcours/shared, api/schemas.ts).
 */

// Bodies arrive as parsed JSON, so any value here is already JSON.
const Json = z.any().openapi({ description: 'any JSON value' });
const JsonObject = z.record(z.string(), Json);
const Timestamp = z.iso.datetime({ offset: true }).openapi({ example: '2026-01-05T08:00:00Z' });

export const SCENARIO_REF = { $ref: '#/components/schemas/Scenario' } as const;

// Wrapped rather than annotated in place: a schema built by shared before zod was extended for
// OpenAPI has no .openapi(), and the order modules load in must not matter.
export const ScenarioIdParam = z.object({ id: z.string().pipe(Identifier).openapi({ param: { name: 'id', in: 'path' }, example: 'welcome' }) });
export const VersionParam = ScenarioIdParam.extend({
  v: z.coerce.number().int().min(1).openapi({ param: { name: 'v', in: 'path' }, example: 1 }),
});
export const NodeParam = ScenarioIdParam.extend({ node: z.string().pipe(Identifier).openapi({ param: { name: 'node', in: 'path' }, example: 'welcome_email' }) });

export const ScenarioTagsBodySchema = z.object({ tags: ScenarioTagsSchema }).strict().openapi('ScenarioTagsRequest');

export const ActivityQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(7).openapi({ description: 'how many days back from now', example: 7 }),
});

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((day) => new Date(`${day}T00:00:00Z`).toISOString().startsWith(day), 'is not a calendar day')
  .openapi({ example: '2026-01-05' });
/** The longest range the analytics page charts: two years of days. */
export const MAX_ANALYTICS_DAYS = 731;

export const AnalyticsQuery = z
  .object({
    from: Day.optional().openapi({ description: 'first day (UTC), inclusive; 30 days before `to` by default' }),
    to: Day.optional().openapi({ description: 'last day (UTC), inclusive; today by default' }),
    by: z.enum(['day', 'week']).default('day').openapi({ description: 'one point per day, or per week starting on Monday' }),
  });

export const FunnelQuery = z.object({
  nodes: z
    .string()
    .transform((list) => list.split(','))
    .pipe(z.array(Identifier).min(2, 'needs at least two nodes').max(50))
    .openapi({ description: 'the path: node ids in order, separated by commas', example: 'start,welcome_email,goal' }),
});

export const EnrolBodySchema = z.object({ contactId: ExternalName }).openapi('EnrolRequest');

export const SimulateBodySchema = z
  .object({
    contact: z.any().openapi({ description: 'a ContactProfile: id, attributes, consents, timeZone, lists' }),
    events: z.array(z.any()).default([]).openapi({ description: 'timeline entries: { at, event, properties }, { at, attributes }, { at, identify, profile } or a campaign start { at, campaign: true, segment? }' }),
    start: Timestamp.optional(),
    until: z.string().optional().openapi({ example: '90d' }),
  })
  .openapi('SimulateRequest');

// Contacts ------------------------------------------------------------------------------------

const Consents = ContactProfile.shape.consents.unwrap();

export const ContactPatchSchema = z
  .object({
    attributes: JsonObject.optional(),
    consents: Consents.optional().openapi({ type: 'object', example: { email: true } }),
    timeZone: z.string().min(1).nullable().optional().openapi({ example: 'Europe/Paris' }),
    lists: z.array(z.string().min(1)).optional(),
    consentProof: z
      .object({ ip: z.string().min(1).max(100).optional(), userAgent: z.string().min(1).max(500).optional() })
      .strict()
      .optional()
      .openapi({ description: "proof kept in the consent history with the consents given or withdrawn: the contact's address and browser where they gave it (a sign-up form)" }),
  })
  .strict()
  .openapi('ContactPatch');

export const ContactIdParam = z.object({ id: z.string().pipe(ExternalName).openapi({ param: { name: 'id', in: 'path' } }) });

/** A known contact's id (a Segment userId). "anon:" starts the ids the server gives anonymous visitors. */
// Piped: a shared schema may be built before @hono/zod-openapi adds `.openapi` to zod's schemas.
const UserId = z.string().pipe(ExternalName).refine((id) => !id.startsWith('anon:'), 'ids starting with "anon:" are reserved for anonymous visitors');

export const WritableContactIdParam = z.object({ id: UserId.openapi({ param: { name: 'id', in: 'path' } }) });

export const ContactBatchSchema = z
  .object({ contacts: z.array(ContactPatchSchema.extend({ id: UserId })).min(1).max(10_000) })
  .openapi('ContactBatch');

export const ContactSearchQuery = z.object({
  search: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

// Events (Segment-style) -----------------------------------------------------------------------

const Identity = {
  userId: UserId.optional(),
  anonymousId: ExternalName.optional(),
};
const needsIdentity = (e: { userId?: string; anonymousId?: string }) => e.userId !== undefined || e.anonymousId !== undefined;
const identityMessage = { message: 'give a userId or an anonymousId', path: ['userId'] };

const TrackFields = z.object({
  ...Identity,
  event: ExternalName,
  properties: JsonObject.default({}),
  timestamp: Timestamp.optional(),
});
export const TrackSchema = TrackFields.refine(needsIdentity, identityMessage).openapi('Track');

const IdentifyFields = z.object({
  userId: UserId,
  anonymousId: ExternalName.optional(),
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

// Messages and keys ----------------------------------------------------------------------------

export const MessageQuery = z.object({
  contactId: z.string().optional(),
  scenarioId: z.string().optional(),
  /** The Tasks page lists the outbox's `task` rows. */
  channel: Channel.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const SuppressionQuery = z.object({
  search: z.string().max(200).optional(),
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export const NewSuppressionSchema = z
  .object({ channel: z.enum(MESSAGE_CHANNELS), address: z.string().trim().min(1).max(4096) })
  .superRefine((value, ctx) => {
    const format = ADDRESS_FORMATS[value.channel];
    if (!format.schema.safeParse(value.address).success) ctx.addIssue({ code: 'custom', path: ['address'], message: `must be ${format.what}` });
  })
  .openapi('NewSuppression');
export const SuppressionParam = z.object({
  channel: z.enum(MESSAGE_CHANNELS).openapi({ param: { name: 'channel', in: 'path' } }),
  address: z.string().min(1).openapi({ param: { name: 'address', in: 'path' } }),
});

export const NewKeySchema = z.object({ name: z.string().min(1).max(100), scope: KeyScopeSchema }).openapi('NewKey');
export const KeyIdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

/** What a publish (or a review's approval, which publishes) says about the contacts in flight on earlier versions. */
export const inFlightFields = {
  inFlight: InFlightChoice.optional().openapi({ description: 'Contacts in flight on earlier versions: "keep" them there (the default) or "move" them to the new version' }),
  mapping: InFlightMappingSchema.optional(),
};

/** A mapping says where moved contacts go: it means nothing when they are kept. */
export const mappingNeedsMove: [(body: { inFlight?: 'keep' | 'move'; mapping?: unknown }) => boolean, { message: string; path: string[] }] = [
  (body) => body.mapping === undefined || body.inFlight === 'move',
  { message: 'a mapping applies to inFlight "move" only', path: ['mapping'] },
];
