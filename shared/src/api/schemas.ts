import { z } from 'zod';
import { ANALYTICS_METRICS, type AnalyticsMetric } from '../analytics/days.ts';
import { CAMPAIGN_SKIP_REASONS } from '../campaigns/api.ts';
import { PRESSURE_RULES, STEP_OUTCOMES, type TraceStep } from '../engine/types.ts';
import type { ChannelDistribution, PressureForecast } from '../forecast/forecast.ts';
import { NODE_TYPES, type NodeType } from '../schema/nodes.ts';
import { AttributeNameSchema, Channel, MESSAGE_CHANNELS, type MessageChannel } from '../schema/primitives.ts';
import { ContactPreferences, FrequencyChoice } from '../schema/preferences.ts';
import { SIMULATION_STATUSES, type SimulationResult } from '../simulate/types.ts';
import type { Scenario, Template } from '../schema/scenario.ts';
import type { DraftScenario } from '../schema/draft.ts';
import { ROLES } from '../people/roles.ts';
import { ATTRIBUTE_TYPES, VALIDATION_CODES, VALIDATION_WARNING_CODES, type AttributeCatalogue } from '../validate/types.ts';

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

/** A draft: a scenario document whose nodes may still be incomplete (its `validation` says what is missing). */
export const DraftDocument = z
  .custom<DraftScenario>((value) => typeof value === 'object' && value !== null && !Array.isArray(value))
  .meta({ type: 'object', $ref: '#/components/schemas/Scenario' });

export const PathSegmentSchema = z.union([z.string(), z.number()]);

/** One located problem of a 4xx answer: `path` as segments from the request body's root. */
/** What a problem's message is made of, for a client that words it in its own language (see ProblemParams). */
const ProblemParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));

export const IssueSchema = z
  .object({
    path: z.array(PathSegmentSchema),
    message: z.string(),
    code: z.string().optional(),
    params: ProblemParamsSchema.optional(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
  })
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
    params: ProblemParamsSchema.optional(),
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    path: z.array(PathSegmentSchema).optional(),
  })
  .meta({ id: 'ValidationError' });
export const ValidationWarningSchema = z
  .object({
    code: z.enum(VALIDATION_WARNING_CODES),
    message: z.string(),
    params: ProblemParamsSchema.optional(),
    nodeId: z.string().optional(),
    path: z.array(PathSegmentSchema).optional(),
  })
  .meta({ id: 'ValidationWarning' });
export const ValidationSchema = z
  .object({
    ok: z.boolean(),
    errors: z.array(ValidationErrorSchema),
    warnings: z.array(ValidationWarningSchema).meta({ description: 'Worth a look before publishing; they do not block it' }),
  })
  .meta({ id: 'Validation' });

// Scenarios ------------------------------------------------------------------------------------

export const ScenarioStatusSchema = z.enum(['draft', 'live', 'archived']);
export type ScenarioStatus = z.infer<typeof ScenarioStatusSchema>;

/** A scenario's labels in the list: trimmed, 1-40 characters, at most 20 (duplicates are dropped when stored). */
export const ScenarioTagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);

export const ScenarioSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: ScenarioStatusSchema,
    latestVersion: z.number().int().nullable(),
    updatedAt: Timestamp,
    tags: ScenarioTagsSchema,
    campaign: z.string().optional().meta({ description: 'The message campaign that owns this journey: it writes and publishes it, nothing else changes it' }),
  })
  .meta({ id: 'ScenarioSummary' });
export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;
export const ScenarioListSchema = z.object({ items: z.array(ScenarioSummarySchema) });

/** A UTC calendar day. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ example: '2026-01-05' });

/** Per scenario, the contacts that entered since `since`, and how many of those entries have converted so far. */
export const ScenarioActivitySchema = z
  .object({
    since: Timestamp,
    items: z.array(
      z.object({
        scenarioId: z.string(),
        entered: z.number().int(),
        converted: z.number().int(),
        daily: z.array(z.object({ day: IsoDay, entered: z.number().int(), converted: z.number().int() })).meta({
          description: 'Entries and conversions per UTC day over the same days, oldest first, from the daily counters (the sparkline)',
        }),
      }),
    ),
  })
  .meta({ id: 'ScenarioActivity' });
export type ScenarioActivity = z.infer<typeof ScenarioActivitySchema>;

export const ScenarioDetailSchema = ScenarioSummarySchema.extend({ draft: DraftDocument, validation: ValidationSchema }).meta({ id: 'ScenarioDetail' });
export type ScenarioDetail = z.infer<typeof ScenarioDetailSchema>;

export const PublishResultSchema = z
  .object({
    version: z.number().int(),
    failingCases: z.array(IssueSchema).optional().meta({ description: 'The saved cases that failed, when published with override' }),
    moved: z.number().int().optional().meta({ description: 'With inFlight "move": how many contacts in flight moved to this version' }),
  })
  .meta({ id: 'PublishResult' });
export type PublishResult = z.infer<typeof PublishResultSchema>;

export const VersionListSchema = z.object({
  items: z.array(
    z.object({
      version: z.number().int(),
      publishedAt: Timestamp,
      note: z.string().optional().meta({ description: "The publisher's note" }),
      author: z.string().optional().meta({ description: "Who published it: the user's email or the API key's name" }),
    }),
  ),
});

export const ChangedNodeSchema = z.object({ id: z.string(), type: z.string(), label: z.string().optional() });

/** What the publish dialog shows before publishing: what changes, what to look at, who would enter now. */
export const PublishSummarySchema = z
  .object({
    liveVersion: z.number().int().nullable(),
    changed: z.boolean().meta({ description: 'Whether the draft differs from the live version other than by node positions' }),
    changes: z.object({ added: z.array(ChangedNodeSchema), removed: z.array(ChangedNodeSchema), changed: z.array(ChangedNodeSchema), other: z.array(z.string()) }),
    validation: z.lazy(() => ValidationSchema),
    entry: z
      .object({
        estimate: z.number().int().nullable().meta({ description: 'Contacts matching a segment entry\'s condition now (estimated on a sample); null for entries that wait for an event, a date or an API call' }),
        sampled: z.number().int().meta({ description: 'How many contacts the estimate was computed on' }),
        contacts: z.number().int().meta({ description: 'Known contacts in the workspace' }),
      })
      .meta({ description: 'The audience of the entry: estimated for a segment entry, null for the others' }),
  })
  .meta({ id: 'PublishSummary' });
export type PublishSummary = z.infer<typeof PublishSummarySchema>;

// Attributes -----------------------------------------------------------------------------------

export const AttributeTypeSchema = z.enum(ATTRIBUTE_TYPES);

/** The workspace's attribute catalogue: seen on contacts (with counts) and declared in the settings (with a type). */
export const AttributeCatalogueSchema = z
  .object({
    contacts: z.number().int().meta({ description: 'Known (not anonymous) contacts' }),
    attributes: z.array(
      z.object({
        name: z.string(),
        contacts: z.number().int().meta({ description: 'Known contacts that have it' }),
        type: AttributeTypeSchema.optional().meta({ description: 'Declared in the settings with this type' }),
      }),
    ),
  })
  .meta({ id: 'AttributeCatalogue' }) satisfies z.ZodType<AttributeCatalogue>;

// Event names -----------------------------------------------------------------------------------

/** The event names contacts did lately, most frequent first: what builders suggest so that names are not mistyped. */
export const EventNamesSchema = z
  .object({
    scanned: z.number().int().meta({ description: 'How many of the most recent events were read (the newest first)' }),
    names: z.array(
      z.object({
        name: z.string(),
        events: z.number().int().meta({ description: 'Events of this name among those read' }),
        lastAt: z.string().meta({ description: 'When the latest of them happened' }),
      }),
    ),
  })
  .meta({ id: 'EventNames' });
export type EventNames = z.infer<typeof EventNamesSchema>;


/** The attributes declared in the settings: what templates may use before any contact has them. */
export const DeclaredAttributesSchema = z
  .object({
    attributes: z
      .array(
        z
          .object({
            name: AttributeNameSchema,
            type: AttributeTypeSchema,
          })
          .strict(),
      )
      .max(500)
      .superRefine((list, ctx) => {
        list.forEach((a, i) => {
          if (list.findIndex((b) => b.name === a.name) < i) ctx.addIssue({ code: 'custom', message: `"${a.name}" is declared twice`, path: [i, 'name'] });
        });
      }),
  })
  .strict()
  .meta({ id: 'DeclaredAttributes' });
export type DeclaredAttributes = z.infer<typeof DeclaredAttributesSchema>;
export const VersionSchema = z.object({ version: z.number().int(), scenario: ScenarioDocument });
export const EnrolResultSchema = z.object({ enrolled: z.boolean() });

/** Sends a node held back for good, per marketing-pressure rule. */
export const SkippedByRuleSchema = z.record(z.enum(PRESSURE_RULES), z.number());
export type SkippedByRule = z.infer<typeof SkippedByRuleSchema>;

/**
 * Per node: contacts that reached it, wait there now, ended there, ended on this goal without the goal
 * happening (completed), or passed it and converted (the goal happened). Per message node, every send:
 * gone out or queued (sent), held back for good (skipped, and per rule), held back for later
 * (deferred), failed at delivery after its tries (failed); and what became of the sent ones (ENGAGEMENT_METRICS):
 * delivered (provider feedback), opened and clicked by a person (each message once; machine opens and link scanners
 * apart), bounced, complained, unsubscribed through the message's link.
 */
export const NodeCountsSchema = z.object({
  entered: z.number(),
  waiting: z.number(),
  exited: z.number(),
  completed: z.number(),
  converted: z.number(),
  sent: z.number(),
  skipped: z.number(),
  skippedBy: SkippedByRuleSchema,
  deferred: z.number(),
  failed: z.number(),
  delivered: z.number(),
  opened: z.number(),
  clicked: z.number(),
  bounced: z.number(),
  complained: z.number(),
  unsubscribed: z.number(),
});
export type NodeCounts = z.infer<typeof NodeCountsSchema>;

export const OutputCountsSchema = z.record(z.string(), z.record(z.string(), z.object({ taken: z.number(), converted: z.number() })));

/** The counts of one version on its own. */
export const OneVersionStatsSchema = z.object({ version: z.number().int(), nodes: z.record(z.string(), NodeCountsSchema), outputs: OutputCountsSchema });
export type OneVersionStats = z.infer<typeof OneVersionStatsSchema>;

/**
 * Live counts for the canvas of one version: that version's counts plus those of every other version
 * that held contacts (those still holding some among them), added up by node id (and output). `versions` holds each counted version's
 * own counts, for the split on hover; `removed` the contacts waiting on nodes this version lacks.
 */
export const VersionStatsSchema = z
  .object({
    nodes: z.record(z.string(), NodeCountsSchema),
    outputs: OutputCountsSchema,
    versions: z.array(OneVersionStatsSchema),
    removed: z.array(z.object({ version: z.number().int(), node: z.string(), waiting: z.number() })),
  })
  .meta({ id: 'VersionStats' });
export type VersionStats = z.infer<typeof VersionStatsSchema>;

/** Why a message node's sends failed at delivery: each reason, how many, and a few of the contacts. */
export const NodeFailuresSchema = z
  .object({
    items: z.array(z.object({ reason: z.string(), count: z.number().int(), contacts: z.array(z.string()) })),
  })
  .meta({ id: 'NodeFailures' });
export type NodeFailures = z.infer<typeof NodeFailuresSchema>;

// Contacts and events ----------------------------------------------------------------------------

export const ContactSchema = z
  .object({
    id: z.string(),
    anonymous: z.boolean(),
    attributes: JsonObject,
    consents: z.object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional(), onsite: z.boolean().optional() }),
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
    nodeName: z.string().optional().meta({ description: 'what the marketer calls the node: its label, else its type (the id is `node`)' }),
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
    nodeName: z.string().optional().meta({ description: 'what the marketer calls the node: its label, else its type (the id is `node`)' }),
    channel: z.string(),
    template: z.string().nullable(),
    status: z.enum(['pending', 'sandboxed', 'sent', 'skipped', 'failed']),
    reason: z.string().nullable(),
    rendered: RenderedSchema.nullable().optional(),
    createdAt: Timestamp,
    sentAt: Timestamp.nullable(),
    attempts: z.number().int().meta({ description: 'tries made so far; a failed try that may succeed later is retried' }),
    nextAttemptAt: Timestamp.nullable().meta({ description: 'when a pending message is tried again after a failed try; null otherwise' }),
  })
  .meta({ id: 'Message' });
export type OutboxMessage = z.infer<typeof MessageSchema>;
export const MessageListSchema = z.object({ items: z.array(MessageSchema) });

/** A key acts with a role, or only sends events and contacts (`ingest`). */
export const KeyScopeSchema = z.enum([...ROLES, 'ingest']);
export type KeyScope = z.infer<typeof KeyScopeSchema>;
export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: KeyScopeSchema,
    prefix: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable().meta({ description: 'the last request made with the key (up to a minute late after a restart)' }),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyInfo = z.infer<typeof ApiKeySchema>;
export const ApiKeyListSchema = z.object({ items: z.array(ApiKeySchema) });

// Suppression list ----------------------------------------------------------------------------------

export const SUPPRESSION_REASONS = ['hard_bounce', 'complaint', 'manual'] as const;
/** An address no message goes to on its channel, why, since when, and what put it there. */
export const SuppressionSchema = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    address: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    source: z.string().meta({ description: '"smtp", "feedback:<provider>", "manual"...' }),
    createdAt: Timestamp,
  })
  .meta({ id: 'Suppression' });
export type Suppression = z.infer<typeof SuppressionSchema>;
export const SuppressionListSchema = z.object({ items: z.array(SuppressionSchema), total: z.number().int() }).meta({ id: 'SuppressionList' });
export type SuppressionList = z.infer<typeof SuppressionListSchema>;

/** What POST /api/feedback/:provider recorded. */
export const FeedbackAnswerSchema = z
  .object({
    recorded: z.number().int().meta({ description: 'events that named a message of ours' }),
    unknown: z.number().int().meta({ description: 'events naming no message we know (ignored)' }),
  })
  .meta({ id: 'FeedbackAnswer' });
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
    feedbackProviders: z.array(z.string()).meta({ description: 'names of the delivery feedback providers that may post to /api/feedback/:provider' }),
  })
  .meta({ id: 'ChannelSettings' });
export type ChannelSettings = z.infer<typeof ChannelSettingsSchema>;
export type ChannelInfo = ChannelSettings['channels'][number];

// Simulation, forecast, preview, consents, volume --------------------------------------------------

const InstantMs = z.number().meta({ description: 'ms since the Unix epoch' });

const TraceStepSchema = z
  .object({
    at: InstantMs,
    node: z.string(),
    type: z.enum(NODE_TYPES as [NodeType, ...NodeType[]]),
    outcome: z.enum(STEP_OUTCOMES),
    output: z.string().optional(),
    reason: z.string().optional(),
    rule: z.enum(PRESSURE_RULES).optional(),
    until: InstantMs.optional(),
  })
  .meta({ id: 'TraceStep' }) satisfies z.ZodType<TraceStep>;

export const SimulationResultSchema = z
  .object({
    steps: z.array(TraceStepSchema.extend({ pass: z.number().int(), failure: z.string().optional().meta({ description: 'why delivery would fail this send (the outbox reason), e.g. a template variable the contact lacks' }) })),
    messages: z.array(
      z.object({ at: InstantMs, node: z.string(), channel: Channel, template: z.string().optional(), pass: z.number().int(), failure: z.string().optional().meta({ description: 'why delivery would fail this send (the outbox reason), e.g. a template variable the contact lacks' }) }),
    ),
    status: z.enum(SIMULATION_STATUSES),
    at: z.string().nullable().meta({ description: 'for status "active": the node the contact waits at' }),
    passes: z.number().int(),
    runs: z.array(
      z.object({
        pass: z.number().int(),
        correlation: z.string().meta({ description: "the run's correlation value (the entry event's key property in a scenario run in parallel per key), '' without one" }),
        status: z.enum(SIMULATION_STATUSES).exclude(['not_entered']),
        at: z.string().nullable().meta({ description: 'for an active run: the node it waits at' }),
      }),
    ),
    campaigns: z
      .array(
        z.discriminatedUnion('status', [
          z.object({ at: InstantMs, status: z.literal('enrolled'), pass: z.number().int().meta({ description: 'the pass it began' }) }),
          z.object({ at: InstantMs, status: z.literal('skipped'), reason: z.enum(CAMPAIGN_SKIP_REASONS).meta({ description: 'why, as a campaign run reports it' }) }),
        ]),
      )
      .meta({ description: "the timeline's campaign starts, in time order" }),
    start: InstantMs,
    end: InstantMs,
  })
  .meta({ id: 'SimulationResult' }) satisfies z.ZodType<SimulationResult>;

const ChannelDistributionSchema = z.object({
  mean: z.number(),
  p50: z.number(),
  p95: z.number(),
  max: z.number(),
  histogram: z.array(z.object({ messages: z.number().int(), contactWeeks: z.number().int() })),
}) satisfies z.ZodType<ChannelDistribution>;
const PerMessageChannel = <T extends z.ZodType>(value: T) => z.object(Object.fromEntries(MESSAGE_CHANNELS.map((c) => [c, value])) as Record<MessageChannel, T>);

export const PressureForecastSchema = z
  .object({
    contacts: z.number().int(),
    weeks: z.number().int(),
    channels: PerMessageChannel(ChannelDistributionSchema),
    byScenario: z.array(z.object({ scenarioId: z.string(), messages: PerMessageChannel(z.number().int()) })),
    heldBack: z.array(
      z.object({
        contactId: z.string(),
        scenarioId: z.string(),
        node: z.string(),
        channel: z.enum(MESSAGE_CHANNELS),
        outcome: z.enum(['skipped', 'deferred']),
        rule: z.enum(PRESSURE_RULES),
        reason: z.string(),
        at: InstantMs,
      }),
    ),
    heldBackByRule: z.array(
      z.object({
        rule: z.enum(PRESSURE_RULES),
        channel: z.enum(MESSAGE_CHANNELS),
        skipped: z.number().int(),
        deferred: z.number().int(),
        contacts: z.number().int().meta({ description: 'distinct sampled contacts it held back' }),
        example: z.string(),
      }),
    ).meta({ description: "heldBack summed per rule and channel, the contact's own choices (topic, frequency_choice, consent_pending) first" }),
    cappedContacts: z.array(z.string()),
  })
  .meta({ id: 'PressureForecast' }) satisfies z.ZodType<PressureForecast>;

export const TemplatePreviewSchema = z.object({ content: RenderedSchema }).meta({ id: 'TemplatePreview' });

/** The templates of every scenario's draft: the library a message node reuses from (a pick is copied into its scenario). */
export const TemplateLibrarySchema = z
  .object({
    items: z.array(
      z.object({
        scenarioId: z.string(),
        scenarioName: z.string(),
        // Loose: a draft's template may still be incomplete (an email without a subject yet).
        template: z.looseObject({ id: z.string(), channel: Channel, name: z.string().optional() }).meta({ description: 'a Template, as the draft holds it' }),
      }),
    ),
  })
  .meta({ id: 'TemplateLibrary' });
export interface TemplateLibrary {
  items: Array<{ scenarioId: string; scenarioName: string; template: Template }>;
}

export const ConsentHistorySchema = z
  .object({
    consents: ContactSchema.shape.consents,
    /** Double opt-in: channels whose consent was given and awaits the contact's confirmation. */
    pending: z.array(z.string()).optional(),
    pendingRequests: z
      .array(
        z.object({
          channel: z.string(),
          requestedAt: z.string(),
          confirmationSentAt: z.string().nullable().meta({ description: 'when the confirmation message went out; null while it waits in the outbox' }),
          expiresAt: z.string().nullable().meta({ description: "when the confirmation's link stops confirming (linkTtlDays after it went out)" }),
        }),
      )
      .optional()
      .meta({ description: 'the requests awaiting confirmation, with their confirmation message' }),
    changes: z.array(
      z.object({
        channel: z.string(),
        granted: z.boolean(),
        pending: z.literal(true).optional().meta({ description: 'a consent given, awaiting confirmation (double opt-in)' }),
        source: z.string().meta({ description: 'what made the change: api, import, email_confirmation, sms_reply…' }),
        at: z.string(),
        ip: z.string().optional().meta({ description: 'the address the consent was given or confirmed from, when known' }),
        userAgent: z.string().optional().meta({ description: 'the browser it was given or confirmed with, when known' }),
      }),
    ),
    preferences: ContactPreferences,
    preferenceChanges: z.array(
      z
        .object({
          topic: z.string().nullable(),
          channel: z.string().nullable(),
          granted: z.boolean().nullable(),
          frequency: FrequencyChoice.nullable(),
          source: z.string().meta({ description: 'what made the change: preference_centre, api…' }),
          at: z.string(),
        })
        .meta({ description: 'a topic opted in to or out of on a channel, or a new frequency choice' }),
    ),
  })
  .meta({ id: 'ConsentHistory' });
export type ConsentHistory = z.infer<typeof ConsentHistorySchema>;

const ChannelVolumeSchema = z.object({
  channel: Channel,
  sent: z.number().int().meta({ description: 'messages sent or sandboxed that day' }),
  throttled: z.number().int().meta({ description: "messages due that day still waiting at its end (now, for today) because the day's maxPerDay was reached" }),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  underDelivered: z.boolean().meta({ description: 'a finished day, since the first publish, that sent fewer than min' }),
});

export const VolumeReportSchema = z
  .object({
    scenarioId: z.string(),
    timeZone: z.string().meta({ description: "the scenario's defaultTimeZone, in which days are counted" }),
    days: z.array(
      z.object({
        day: z.string().meta({ example: '2026-01-05' }),
        start: InstantMs,
        end: InstantMs,
        finished: z.boolean(),
        channels: z.array(ChannelVolumeSchema),
      }),
    ),
    byTopic: z
      .array(
        z.object({
          channel: z.enum(MESSAGE_CHANNELS),
          topic: z.string().nullable().meta({ description: 'the topic the message nodes name; null for those naming none' }),
          sent: z.number().int().meta({ description: 'messages sent or sandboxed over the days of the report' }),
          held: z.array(
            z.object({
              rule: z.enum(PRESSURE_RULES),
              skipped: z.number().int().meta({ description: 'sends this rule held back for good (by the engine or at delivery)' }),
              deferred: z.number().int().meta({ description: 'sends this rule put off to later' }),
            }),
          ),
        }),
      )
      .meta({ description: 'per channel and topic over the days of the report: what went out and what each pressure rule held back (held-back counts by UTC day)' }),
  })
  .meta({ id: 'VolumeReport' });
export type VolumeReport = z.infer<typeof VolumeReportSchema>;

/** Everything held on one contact (GDPR right of access), as GET /contacts/{id}/export answers it. */
export const ContactExportSchema = z
  .object({
    exportedAt: Timestamp,
    contact: ContactSchema,
    consents: ConsentHistorySchema,
    events: z.array(z.object({ name: z.string(), properties: JsonObject, at: Timestamp, receivedAt: Timestamp })),
    enrolments: z.array(
      z.object({
        scenarioId: z.string(),
        version: z.number().int(),
        pass: z.number().int(),
        status: z.enum(['active', 'exited', 'converted', 'completed']),
        node: z.string().nullable(),
        trigger: z.string(),
        enteredAt: Timestamp,
        exitedAt: Timestamp.nullable(),
        state: z.unknown().meta({ description: "the engine's saved state while the enrolment is active" }),
        timers: z.array(z.object({ node: z.string(), dueAt: Timestamp })),
        steps: z.array(
          z.object({
            at: Timestamp,
            node: z.string(),
            type: z.string(),
            outcome: z.string(),
            output: z.string().nullable(),
            reason: z.string().nullable(),
            rule: z.string().nullable(),
            until: Timestamp.nullable(),
          }),
        ),
      }),
    ),
    messages: z.array(MessageSchema),
  })
  .meta({ id: 'ContactExport' });

// Journey analytics -------------------------------------------------------------------------------

const Rate = z.number().nullable();
const Figures = z.object(Object.fromEntries(ANALYTICS_METRICS.map((m) => [m, z.number().int()])) as Record<AnalyticsMetric, z.ZodNumber>);

export const ArmSchema = z.object({
  id: z.string(),
  label: z.string().optional(),
  control: z.boolean(),
  taken: z.number().int(),
  converted: z.number().int(),
  revenue: z.number().int().meta({ description: 'Hundredths of the currency unit' }),
  rate: Rate,
  interval: z.object({ low: z.number(), high: z.number() }).nullable().meta({ description: '95% Wilson interval of the rate' }),
  test: z
    .object({ difference: z.number(), z: z.number(), pValue: z.number() })
    .nullable()
    .meta({ description: 'Two-proportion z-test against the baseline arm' }),
  uplift: Rate.meta({ description: "Relative uplift of the rate over the baseline's" }),
});

export const JourneyAnalyticsSchema = z
  .object({
    from: IsoDay,
    to: IsoDay,
    by: z.enum(['day', 'week']),
    series: z.array(Figures.extend({ start: IsoDay })).meta({ description: 'One bucket per day or week (weeks start on Monday), UTC' }),
    totals: Figures,
    splits: z.array(
      z.object({
        node: z.string(),
        label: z.string().optional(),
        baseline: z.string().nullable().meta({ description: 'The arm marked control, else the first arm' }),
        arms: z.array(ArmSchema),
      }),
    ),
  })
  .meta({ id: 'JourneyAnalytics' });
export type JourneyAnalytics = z.infer<typeof JourneyAnalyticsSchema>;

export const FunnelSchema = z
  .object({
    steps: z.array(
      z.object({ node: z.string(), reached: z.number().int(), dropped: z.number().int(), fromPrevious: Rate, fromFirst: Rate }),
    ),
  })
  .meta({ id: 'Funnel' });
export type Funnel = z.infer<typeof FunnelSchema>;
