import { z } from 'zod';
import { Channel } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';
import { VALIDATION_CODES } from '../validate/types.ts';

/**
 * The answers of the HTTP API, defined once: the server declares them as its routes' response
 * schemas (so the OpenAPI document describes them; `meta({ id })` names the component), its tests
 * parse every answer with them, and the web app infers its types from them.
 */

const Timestamp = z.iso.datetime({ offset: true }).meta({ example: '2026-01-05T08:00:00Z' });
const JsonObject = z.record(z.string(), z.unknown());

/** A scenario document: the shared validator checks it, so the answer only points at its JSON Schema. */
const ScenarioDocument = z
  .custom<Scenario>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .meta({ type: 'object', $ref: '#/components/schemas/Scenario' });

export const PathSegmentSchema = z.union([z.string(), z.number()]);

/** One located problem of a 4xx answer: `path` as segments from the request body's root. */
export const IssueSchema = z
  .object({ path: z.array(PathSegmentSchema), message: z.string(), nodeId: z.string().optional(), edgeId: z.string().optional() })
  .meta({ id: 'Issue' });
export type Issue = z.infer<typeof IssueSchema>;

export const ErrorAnswerSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }) })
  .meta({ id: 'Error' });
export type ErrorAnswer = z.infer<typeof ErrorAnswerSchema>;

export const ValidationErrorSchema = z
  .object({
    code: z.enum(VALIDATION_CODES),
    message: z.string(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(PathSegmentSchema).optional(),
  })
  .meta({ id: 'ValidationError' });
export const ValidationSchema = z.object({ ok: z.boolean(), errors: z.array(ValidationErrorSchema) }).meta({ id: 'Validation' });

// Scenarios ------------------------------------------------------------------------------------

export const ScenarioStatusSchema = z.enum(['draft', 'live', 'archived']);
export type ScenarioStatus = z.infer<typeof ScenarioStatusSchema>;

export const ScenarioSummarySchema = z
  .object({ id: z.string(), name: z.string(), status: ScenarioStatusSchema, latestVersion: z.number().int().nullable(), updatedAt: Timestamp })
  .meta({ id: 'ScenarioSummary' });
export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;
export const ScenarioListSchema = z.object({ items: z.array(ScenarioSummarySchema) });

export const ScenarioDetailSchema = ScenarioSummarySchema.extend({ draft: ScenarioDocument, validation: ValidationSchema }).meta({ id: 'ScenarioDetail' });
export type ScenarioDetail = z.infer<typeof ScenarioDetailSchema>;

export const PublishResultSchema = z
  .object({
    version: z.number().int(),
    failingCases: z.array(IssueSchema).optional().meta({ description: 'The saved cases that failed, when published with override' }),
  })
  .meta({ id: 'PublishResult' });
export type PublishResult = z.infer<typeof PublishResultSchema>;

export const VersionListSchema = z.object({ items: z.array(z.object({ version: z.number().int(), publishedAt: Timestamp })) });
export const VersionSchema = z.object({ version: z.number().int(), scenario: ScenarioDocument });
export const EnrolResultSchema = z.object({ enrolled: z.boolean() });

/** Contacts that reached a node, wait there now, ended there, or passed it and converted. */
export const NodeCountsSchema = z.object({ entered: z.number(), waiting: z.number(), exited: z.number(), converted: z.number() });
export type NodeCounts = z.infer<typeof NodeCountsSchema>;

/** Live counts of one published version, per node and per output (branch, split arm). */
export const VersionStatsSchema = z
  .object({
    nodes: z.record(z.string(), NodeCountsSchema),
    outputs: z.record(z.string(), z.record(z.string(), z.object({ taken: z.number(), converted: z.number() }))),
  })
  .meta({ id: 'VersionStats' });
export type VersionStats = z.infer<typeof VersionStatsSchema>;

// Contacts and events ----------------------------------------------------------------------------

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
  .meta({ id: 'Contact' });
export type Contact = z.infer<typeof ContactSchema>;
export const ContactListSchema = z.object({ items: z.array(ContactSchema) });

/** One line of a contact's timeline: an event it did, a step of one of its journeys, or a message. */
export const TimelineItemSchema = z
  .looseObject({
    at: Timestamp,
    kind: z.enum(['event', 'step', 'message']),
    scenarioId: z.string().optional(),
    version: z.number().optional(),
    node: z.string().optional(),
    outcome: z.string().optional(),
    reason: z.string().optional(),
    event: z.string().optional(),
    properties: JsonObject.optional(),
    channel: z.string().optional(),
    template: z.string().nullable().optional(),
    status: z.string().optional(),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.infer<typeof TimelineItemSchema>;
export const TimelineSchema = z.object({ items: z.array(TimelineItemSchema) });

export const IngestResultSchema = z.object({ accepted: z.number().int(), enrolled: z.number().int() }).meta({ id: 'IngestResult' });

// Messages, keys, settings -------------------------------------------------------------------------

/** What was (or would have been) sent: the channel's rendered content (RenderedContent), as stored. */
const RenderedSchema = z
  .looseObject({
    channel: Channel,
    subject: z.string().optional(),
    html: z.string().optional(),
    text: z.string().optional(),
    title: z.string().optional(),
    body: z.unknown().optional(),
  })
  .meta({ description: 'what was (or would have been) sent: subject and body, SMS text, webhook body...' });

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
    rendered: RenderedSchema.nullable().optional(),
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
  })
  .meta({ id: 'Message' });
export type OutboxMessage = z.infer<typeof MessageSchema>;
export const MessageListSchema = z.object({ items: z.array(MessageSchema) });

export const KeyScopeSchema = z.enum(['admin', 'ingest']);
export const ApiKeySchema = z
  .object({ id: z.string(), name: z.string(), scope: KeyScopeSchema, prefix: z.string(), createdAt: Timestamp })
  .meta({ id: 'ApiKey' });
export type ApiKeyInfo = z.infer<typeof ApiKeySchema>;
export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });
export const CreatedKeySchema = ApiKeySchema.extend({ key: z.string().meta({ description: 'shown once' }) }).meta({ id: 'CreatedKey' });
export type CreatedKey = z.infer<typeof CreatedKeySchema>;

/** How each channel delivers: never credentials, only where it sends. */
export const ChannelSettingsSchema = z
  .object({
    channels: z.array(
      z.object({
        channel: Channel,
        mode: z.enum(['sandbox', 'smtp', 'http']),
        destination: z.string().nullable().meta({ description: 'host[:port] it sends to; null in the sandbox or for webhooks (URL per node)' }),
      }),
    ),
    variables: z.array(z.object({ name: z.string(), scope: z.enum(['all', ...Channel.options]), description: z.string() })),
  })
  .meta({ id: 'ChannelSettings' });
export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;
export type ChannelInfo = ChannelSettings['channels'][number];
