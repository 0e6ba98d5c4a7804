import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { AUDIT_RETENTION_MIN_DAYS } from '@parcours/shared';
import type { AuditAction, AuditActorKind, AttributeType, ReviewStatus, Condition, ConsentChannel, ContactPreferences, DigestContent, DraftScenario, EngagementMetric, FrequencyChoice, ImportFormat, ImportMapping, ImportStatus, ImportedRow, Json, KeyScope, MessageChannel, OnsiteFormat, PressureRule, RenderedContent, Role, Scenario, TriggerEvent, WebhookSpec } from '@parcours/shared';

/** Every time column holds milliseconds since the Unix epoch. */
const time = (name: string) => integer(name, { mode: 'number' });

export const contacts = sqliteTable('contacts', {
  /** The external id (the `userId` of the events), or `anon:<anonymousId>` for an anonymous visitor. */
  id: text('id').primaryKey(),
  anonymous: integer('anonymous', { mode: 'boolean' }).notNull().default(false),
  attributes: text('attributes', { mode: 'json' }).$type<Record<string, Json>>().notNull(),
  consents: text('consents', { mode: 'json' }).$type<Partial<Record<ConsentChannel, boolean>>>().notNull(),
  timeZone: text('time_zone'),
  lists: text('lists', { mode: 'json' }).$type<string[]>().notNull(),
  createdAt: time('created_at').notNull(),
  updatedAt: time('updated_at').notNull(),
}, (t) => [
  // The contact list: newest changes first, then by id.
  index('contacts_updated').on(sql`${t.updatedAt} desc`, t.id),
  // Also `contacts_email`, on lower(json_extract(attributes, '$.email')) (hand-written in migration 0013: drizzle-kit
  // mangles expression indexes): an import keyed by email finds its contact through it, whatever the case.
  // And `contacts_phone`, on json_extract(attributes, '$.phone') (hand-written in migration 0022): a text message reply
  // (double opt-in, STOP) finds the contacts of its number through it.
]);

/**
 * The attribute catalogue's seen half: each attribute name with how many known (not anonymous) contacts have it.
 * Kept by triggers on `contacts` (see the migration), so every write path counts and nothing scans the contacts.
 */
export const contactAttributes = sqliteTable('contact_attributes', {
  name: text('name').primaryKey(),
  contacts: integer('contacts').notNull(),
});

/** How many known contacts there are (one row, id 1), kept by the same triggers: what "n of N lack it" counts against. */
export const contactTotals = sqliteTable('contact_totals', {
  id: integer('id').primaryKey(),
  known: integer('known').notNull(),
});

/** The attribute catalogue's declared half: attributes the workspace says contacts have (or will), with a type. */
export const declaredAttributes = sqliteTable('declared_attributes', {
  name: text('name').primaryKey(),
  type: text('type').$type<AttributeType>().notNull(),
});

/** Anonymous ids that resolve to a contact (kept after identify, so late anonymous events still land). */
export const contactAliases = sqliteTable(
  'contact_aliases',
  {
    anonymousId: text('anonymous_id').primaryKey(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  },
  (t) => [index('contact_aliases_contact').on(t.contactId)],
);

/** GDPR: when and by what each consent was given or withdrawn. */
export const consentChanges = sqliteTable(
  'consent_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    channel: text('channel').$type<ConsentChannel>().notNull(),
    granted: integer('granted', { mode: 'boolean' }).notNull(),
    source: text('source').notNull(),
    at: time('at').notNull(),
    /** A consent given but awaiting the contact's confirmation (double opt-in): `granted` is false until it is confirmed. */
    pending: integer('pending', { mode: 'boolean' }).notNull().default(false),
    /** Proof of consent when the request came with it: the address and browser the contact gave or confirmed it from. */
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('consent_changes_contact').on(t.contactId, t.at)],
);

/** Text message replies read by the inbound webhook, by the provider's id: a reply replayed is refused, not read twice. */
export const smsReplies = sqliteTable(
  'sms_replies',
  {
    provider: text('provider').notNull(),
    replyId: text('reply_id').notNull(),
    receivedAt: time('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.replyId] })],
);

export type ConsentRequestStatus = 'pending' | 'confirmed' | 'withdrawn';

/**
 * Double opt-in: a consent given on a channel where it must be confirmed, from its request to its confirmation or
 * withdrawal. Its id is in the confirmation link and keys the confirmation message, so one request sends one.
 */
export const consentRequests = sqliteTable(
  'consent_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    channel: text('channel').$type<MessageChannel>().notNull(),
    status: text('status').$type<ConsentRequestStatus>().notNull(),
    requestedAt: time('requested_at').notNull(),
    settledAt: time('settled_at'),
  },
  (t) => [index('consent_requests_contact').on(t.contactId, t.channel, t.status)],
);

/** Append-only. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    name: text('name').notNull(),
    properties: text('properties', { mode: 'json' }).$type<Record<string, Json>>().notNull(),
    at: time('at').notNull(),
    receivedAt: time('received_at').notNull(),
  },
  (t) => [index('events_contact_at').on(t.contactId, t.at)],
);

export type { ScenarioStatus } from '@parcours/shared';
import type { ScenarioStatus } from '@parcours/shared';

export const scenarios = sqliteTable('scenarios', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  status: text('status').$type<ScenarioStatus>().notNull(),
  /** The editable copy; may hold graph errors and incomplete node configs (it is only checked on publish). */
  draft: text('draft', { mode: 'json' }).$type<DraftScenario>().notNull(),
  /** The marketer's labels for the list ("onboarding", "Q3"...): not part of the scenario, so not versioned. */
  tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  /** The message campaign that wrote and publishes this journey: it is changed only through the campaign. */
  campaign: text('campaign_id'),
  createdAt: time('created_at').notNull(),
  updatedAt: time('updated_at').notNull(),
});

/** Immutable: a published version is never updated. */
export const scenarioVersions = sqliteTable(
  'scenario_versions',
  {
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    version: integer('version').notNull(),
    definition: text('definition', { mode: 'json' }).$type<Scenario>().notNull(),
    publishedAt: time('published_at').notNull(),
    /** What the publisher wrote about this version, if anything. */
    note: text('note'),
    /** Who published it: the user's email or the API key's name (null for versions from before authors were kept). */
    author: text('author'),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.version] })],
);

export type EnrolmentStatus = 'active' | 'exited' | 'converted' | 'completed';

/** One pass of a contact through one scenario version. */
export const enrolments = sqliteTable(
  'enrolments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    pass: integer('pass').notNull(),
    status: text('status').$type<EnrolmentStatus>().notNull(),
    /** Where the contact waits (active) or the node it ended on. */
    node: text('node'),
    /** XState persisted snapshot; null once the enrolment has ended. */
    snapshot: text('snapshot', { mode: 'json' }).$type<unknown>(),
    /** What enrolled the contact: "event", "segment", "api", "scenario", "date:2026-03-14"... */
    trigger: text('trigger').notNull(),
    /** The event that enrolled the contact (trigger "event"): what `{{ event.* }}` reads in its messages. */
    triggerEvent: text('trigger_event', { mode: 'json' }).$type<TriggerEvent>(),
    /**
     * Which run of the scenario this is, in a scenario run in parallel per correlation key: the entry event's key
     * value (its cart_id...). Empty otherwise: one run per contact and scenario at a time.
     */
    correlation: text('correlation').notNull().default(''),
    /**
     * What the enrolment's trace has reached so far, for the live counters: node ids and
     * `node:output` keys (ids never hold a ':'). Null once the enrolment has ended.
     */
    visited: text('visited', { mode: 'json' }).$type<string[]>(),
    enteredAt: time('entered_at').notNull(),
    exitedAt: time('exited_at'),
    updatedAt: time('updated_at').notNull(),
    /**
     * The enrolment's pending timer, if any: when it falls due, at which node, for which visit of
     * it (the machine's `seq`). A contact stands at one node, and only that node waits, so an
     * enrolment has at most one timer: kept on its row, the step that sets or clears it writes
     * nothing more than the enrolment's own update.
     */
    dueAt: time('due_at'),
    timerNode: text('timer_node'),
    timerSeq: integer('timer_seq'),
  },
  (t) => [
    // One active run per contact, scenario and correlation value. Also how a contact's active enrolments are found
    // (the query names `status = 'active'`).
    uniqueIndex('enrolments_one_active').on(t.contactId, t.scenarioId, t.correlation).where(sql`status = 'active'`),
    // The re-entry policy reads a contact's latest pass in a scenario.
    index('enrolments_contact_scenario').on(t.contactId, t.scenarioId, t.pass),
    // Whether anyone entered a scenario, and the list's entries and conversions over the last days: a range of
    // this index per scenario, never the rows (a step rewrites an entry only when the enrolment ends).
    index('enrolments_scenario_entered').on(t.scenarioId, t.enteredAt, t.status),
    index('enrolments_due').on(t.dueAt).where(sql`due_at IS NOT NULL`),
  ],
);

/**
 * When a contact's segment entry must be checked again because time alone may make its condition
 * true (a window moving past an event): one row per contact and live segment scenario.
 */
export const segmentRechecks = sqliteTable(
  'segment_rechecks',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    dueAt: time('due_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.scenarioId] }), index('segment_rechecks_due').on(t.dueAt)],
);

/**
 * When a contact's date-attribute entry (birthday, renewal) next falls due: one row per contact and
 * live date scenario, set when the contact's date becomes known or changes and each time one fires.
 */
export const dateEntries = sqliteTable(
  'date_entries',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    dueAt: time('due_at').notNull(),
    /** When the row was computed: a backfill leaves the rows computed since its version was published. */
    setAt: time('set_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.scenarioId] }), index('date_entries_due').on(t.dueAt)],
);

/**
 * A scenario version published over existing contacts with a date entry, or a segment entry that time
 * alone can make true: each contact's next occurrence or re-check is computed in short chunks by a
 * background job, in contact id order from `afterContact`, then the row goes.
 */
export const entryBackfills = sqliteTable('entry_backfills', {
  scenarioId: text('scenario_id').primaryKey(),
  version: integer('version').notNull(),
  /** The publish instant: occurrences and changes from then on count for the contacts that were there. */
  from: time('from_at').notNull(),
  afterContact: text('after_contact'),
});

/** `skipped`: held back at delivery by a consent withdrawn after the engine decided to send. */
export type MessageStatus = 'pending' | 'sandboxed' | 'sent' | 'skipped' | 'failed';
/** Rows that never went out and never will: caps, `once` and volume backlogs do not count them. */
export const UNSENT_STATUSES = ['skipped', 'failed'] as const satisfies readonly MessageStatus[];

/** The outbox: one row per send, written with the step that asked for it. */
export const messages = sqliteTable(
  'messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** From the engine, stable across replays of the same step: a replay cannot send twice. */
    idempotencyKey: text('idempotency_key').notNull().unique(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    enrolmentId: integer('enrolment_id').references(() => enrolments.id, { onDelete: 'set null' }),
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    node: text('node').notNull(),
    channel: text('channel').notNull(),
    template: text('template'),
    /** Webhook target, when channel is webhook. */
    webhook: text('webhook', { mode: 'json' }).$type<WebhookSpec>(),
    /** The enrolment's triggering event, captured when the step asked for the send; null when none started it. */
    event: text('event', { mode: 'json' }).$type<TriggerEvent>(),
    /** What the enrolment's latest digest node collected, for `{{ digest.* }}`; null for a send after no digest. */
    digest: text('digest', { mode: 'json' }).$type<DigestContent>(),
    status: text('status').$type<MessageStatus>().notNull(),
    reason: text('reason'),
    rendered: text('rendered', { mode: 'json' }).$type<RenderedContent>(),
    /** Tries so far: each one the dispatcher made, whatever its outcome. */
    attempts: integer('attempts').notNull().default(0),
    /** A pending row that failed in a way worth another try is sent again once the clock reaches this; null: at once. */
    nextAttemptAt: time('next_attempt_at'),
    /**
     * On PostgreSQL, the row is being sent by the worker that claimed it until then; past it (the worker died without
     * writing an outcome) another worker picks it again. Null: no claim (SQLite's one process claims in memory).
     */
    claimedUntil: time('claimed_until'),
    createdAt: time('created_at').notNull(),
    sentAt: time('sent_at'),
    /** The address the message went to (email, phone, push token), written at delivery: what a bounce suppresses. */
    address: text('address'),
    /** The provider's id for the message (SMTP Message-ID, an HTTP provider's "id"): what delivery feedback names. */
    providerId: text('provider_id'),
    // What became of the message after it went out, each the first time it happened (see ENGAGEMENT_METRICS).
    deliveredAt: time('delivered_at'),
    openedAt: time('opened_at'),
    clickedAt: time('clicked_at'),
    /** Set on the first bounce the provider reports, with `bounce` saying which kind. */
    bouncedAt: time('bounced_at'),
    bounce: text('bounce').$type<'hard' | 'soft'>(),
    complainedAt: time('complained_at'),
    unsubscribedAt: time('unsubscribed_at'),
    /** Sent whatever the contact's topics and frequency choice: the frequency choice does not count it. */
    transactional: integer('transactional', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('messages_status').on(t.status, t.id),
    index('messages_next_attempt').on(t.status, t.nextAttemptAt, t.id),
    index('messages_contact').on(t.contactId, t.createdAt),
    index('messages_scenario').on(t.scenarioId, t.createdAt),
    // Erasure sets the enrolment of a contact's messages to null, one enrolment at a time.
    index('messages_enrolment').on(t.enrolmentId),
    // A node's failure reasons (the canvas's failure badge): failed rows are few, so the index is small.
    index('messages_failed').on(t.scenarioId, t.node).where(sql`status = 'failed'`),
    index('messages_provider_id').on(t.providerId).where(sql`provider_id IS NOT NULL`),
  ],
);

/** What a contact said on the preference centre or through the API: topics opted out of, a frequency choice. */
export const contactPreferences = sqliteTable('contact_preferences', {
  contactId: text('contact_id')
    .primaryKey()
    .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  preferences: text('preferences', { mode: 'json' }).$type<ContactPreferences>().notNull(),
  updatedAt: time('updated_at').notNull(),
});

/**
 * Every change of a contact's preferences, with what made it (GDPR: the proof goes with the consent history):
 * a topic on a channel (`topic`, `channel`, `granted`) or the frequency choice (`frequency`).
 */
export const preferenceChanges = sqliteTable(
  'preference_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    topic: text('topic'),
    channel: text('channel').$type<MessageChannel>(),
    granted: integer('granted', { mode: 'boolean' }),
    frequency: text('frequency').$type<FrequencyChoice>(),
    source: text('source').notNull(),
    at: time('at').notNull(),
  },
  (t) => [index('preference_changes_contact').on(t.contactId, t.at)],
);

export type SuppressionReason = 'hard_bounce' | 'complaint' | 'manual';

/** Addresses no message may go to on a channel: the engine skips them (skipped:suppressed), delivery checks again. */
export const suppressions = sqliteTable(
  'suppressions',
  {
    channel: text('channel').$type<MessageChannel>().notNull(),
    /** Emails lower-cased; phone numbers and push tokens as they are. */
    address: text('address').notNull(),
    reason: text('reason').$type<SuppressionReason>().notNull(),
    /** What put it there: "smtp", "feedback:<provider>", "manual"... */
    source: text('source').notNull(),
    createdAt: time('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.address] }), index('suppressions_created').on(sql`${t.createdAt} desc`)],
);

/** Delivery ids of the feedback each provider sent, so that a replayed delivery is refused. */
export const feedbackReceipts = sqliteTable(
  'feedback_receipts',
  {
    provider: text('provider').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: time('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.deliveryId] })],
);

/** The engine's trace, one row per step: a contact's timeline reads it. */
export const steps = sqliteTable(
  'steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Keyed by enrolment, not by contact: the enrolments a burst steps were made together, so their
    // trace rows land side by side in the index instead of at a random place of a many-million-row
    // one (measured: 18 against 147 µs a row at 5M rows). Erasure and merges follow the enrolment.
    enrolmentId: integer('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    at: time('at').notNull(),
    node: text('node').notNull(),
    type: text('type').notNull(),
    outcome: text('outcome').notNull(),
    output: text('output'),
    reason: text('reason'),
    /** For a skipped or deferred send: the pressure rule (consent, quiet hours, cap...) that held it back. */
    rule: text('rule').$type<PressureRule>(),
    until: time('until'),
  },
  // The counts per node come from node_counters: the trace needs no index by version and node.
  (t) => [index('steps_enrolment').on(t.enrolmentId)],
);

export type CounterMetric =
  | 'entered'
  | 'waiting'
  | 'exited'
  | 'completed'
  | 'converted'
  | 'taken'
  | 'sent'
  | 'skipped'
  | `skipped:${PressureRule}`
  | 'deferred'
  | 'failed'
  | EngagementMetric
  | 'opened:machine'
  | 'clicked:machine'
  /** Per node and output passed on the way to a conversion: what the conversions earned, in hundredths. */
  | 'revenue';

/**
 * The live counts of the canvas, kept in the transaction of the steps that change them (a stats
 * request reads a few rows per node, never the trace): per node (output '') how many enrolments
 * reached it (entered), wait there now (waiting), ended there (exited), ended on that goal node
 * without the goal happening (completed), passed through it and converted (converted); per output
 * (branch, split arm) how many took it (taken) and of those converted (converted); per send node,
 * every send: gone out or waiting in the outbox (sent), held back for good (skipped, and per rule
 * `skipped:<rule>`), held back for later (deferred), failed at delivery after its tries (failed).
 * A delivery that fails or is skipped (consent withdrawn) moves its send from `sent`, in the
 * transaction that records the delivery. Per sent message, once each, in the transaction of their cause: delivered,
 * opened and clicked by a person (`opened:machine`, `clicked:machine` for proxies and scanners), bounced,
 * complained, unsubscribed (through its link). Counts survive the pruning of the trace and the erasure
 * of contacts, except `waiting`, which an erased contact leaves.
 */
export const nodeCounters = sqliteTable(
  'node_counters',
  {
    scenarioId: text('scenario_id').notNull(),
    version: integer('version').notNull(),
    node: text('node').notNull(),
    /** '' for the node's own counts. */
    output: text('output').notNull(),
    metric: text('metric').$type<CounterMetric>().notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.version, t.node, t.output, t.metric] })],
);

export type { AnalyticsMetric as DailyMetric } from '@parcours/shared';
import type { AnalyticsMetric as DailyMetric } from '@parcours/shared';
/** The daily counters' metrics: the analytics page's, and per rule the sends it held back (the volume report's). */
export type DailyCounterMetric = DailyMetric | `skipped:${PressureRule}` | `deferred:${PressureRule}`;

/**
 * The journey analytics' time series: per UTC day (days since the Unix epoch), version, node and metric,
 * kept in the transaction of the steps like node_counters (store/counters.ts). Entries count under node ''
 * on the day of the entry; ends (converted, completed, exited) at the node and on the day the enrolment
 * ended; sends at their node on the day the step decided them, and a delivery that fails or is skipped
 * moves its send on that same day; revenue (hundredths) at the goal on the day of the conversion; per rule, the sends
 * skipped (`skipped:<rule>`, at delivery too) and deferred (`deferred:<rule>`), for the volume report. Other
 * per-node metrics (opens, clicks...) can join without a schema change. A table apart from node_counters:
 * the canvas keeps reading a few rows per node, and the analytics page a range of days of one scenario.
 */
export const dailyCounters = sqliteTable(
  'daily_counters',
  {
    scenarioId: text('scenario_id').notNull(),
    day: integer('day').notNull(),
    version: integer('version').notNull(),
    node: text('node').notNull(),
    metric: text('metric').$type<DailyCounterMetric>().notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scenarioId, t.day, t.version, t.node, t.metric] })],
);

export type { KeyScope };

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  scope: text('scope').$type<KeyScope>().notNull(),
  /** SHA-256 of the key: keys are long random strings, so a fast hash is enough; the key itself is never stored. */
  hash: text('hash').notNull().unique(),
  /** The first characters, to tell keys apart in a list. */
  prefix: text('prefix').notNull(),
  createdAt: time('created_at').notNull(),
  /** When a request last came with the key, written at most once a minute per key (store/keys.ts). */
  lastUsedAt: time('last_used_at'),
});

/** Small key/value facts about the installation (e.g. whether the examples were loaded). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * A contact import (CSV or JSON lines): its mapping, where it stands and its counts. The rows are checked and
 * staged (`import_rows`) while the file streams in; only a file without a bad row is then applied.
 */
export const imports = sqliteTable('imports', {
  id: text('id').primaryKey(),
  fileName: text('file_name'),
  format: text('format').$type<ImportFormat>().notNull(),
  dryRun: integer('dry_run', { mode: 'boolean' }).notNull(),
  status: text('status').$type<ImportStatus>().notNull(),
  mapping: text('mapping', { mode: 'json' }).$type<ImportMapping>().notNull(),
  read: integer('read').notNull().default(0),
  valid: integer('valid').notNull().default(0),
  invalid: integer('invalid').notNull().default(0),
  written: integer('written').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  withdrawalsKept: integer('withdrawals_kept').notNull().default(0),
  /** Every error found; only the first ones are kept in `import_errors`. */
  errorCount: integer('error_count').notNull().default(0),
  createdAt: time('created_at').notNull(),
  finishedAt: time('finished_at'),
});

/**
 * The valid rows of an import waiting to be applied, one per contact key (`id:<id>` or `email:<lowercase>`):
 * a second row with the same key is an error. Applied in key order and deleted in the same transaction,
 * so an import resumes exactly where it stood after a restart.
 */
export const importRows = sqliteTable(
  'import_rows',
  {
    importId: text('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    line: integer('line').notNull(),
    row: text('row', { mode: 'json' }).$type<ImportedRow>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.key] })],
);

/** The first errors of an import, in file order. */
export const importErrors = sqliteTable(
  'import_errors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    importId: text('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    line: integer('line').notNull(),
    column: text('column'),
    message: text('message').notNull(),
  },
  (t) => [index('import_errors_import').on(t.importId, t.id)],
);

/** People who sign in to the web app (machines use API keys). */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  /** Lower-cased. */
  email: text('email').notNull().unique(),
  /** Argon2id, in its PHC string form (algorithm, parameters and salt included). */
  passwordHash: text('password_hash').notNull(),
  role: text('role').$type<Role>().notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: time('created_at').notNull(),
  /** The name an invited person gave when accepting; null for accounts made otherwise. */
  name: text('name'),
});

/** Signed-in browsers: the cookie holds a random id, this table only its SHA-256; deleting the row signs the browser out. */
export const userSessions = sqliteTable('user_sessions', {
  hash: text('hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  /** Sent back in X-CSRF-Token by the web app on every state-changing request. */
  csrfToken: text('csrf_token').notNull(),
  createdAt: time('created_at').notNull(),
  expiresAt: time('expires_at').notNull(),
}, (t) => [index('user_sessions_user').on(t.userId)]);

export type AccountTokenKind = 'setup' | 'reset';

/** One-time links: the first administrator's setup link and password resets. Only the SHA-256 of the token is kept. */
export const accountTokens = sqliteTable('account_tokens', {
  hash: text('hash').primaryKey(),
  kind: text('kind').$type<AccountTokenKind>().notNull(),
  /** Whose password a reset link sets; null for the setup link. */
  userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
  createdAt: time('created_at').notNull(),
  expiresAt: time('expires_at').notNull(),
  usedAt: time('used_at'),
});

/**
 * Invitations waiting to be accepted: an admin named the email and the role, the person chooses their name and password
 * through a one-time link (only its SHA-256 is kept here). Accepting deletes the row as it creates the user; resending
 * replaces the link (the old one stops working) and its expiry; revoking deletes the row.
 */
export const invitations = sqliteTable('invitations', {
  id: text('id').primaryKey(),
  /** Lower-cased; one pending invitation per email. */
  email: text('email').notNull().unique(),
  role: text('role').$type<Role>().notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  /** Who invited, as the audit log names them (an email or a key's name). */
  invitedBy: text('invited_by'),
  createdAt: time('created_at').notNull(),
  /** When the current link was sent (the first time, or the last resend). */
  sentAt: time('sent_at').notNull(),
  expiresAt: time('expires_at').notNull(),
});

export type LoginThrottleScope = 'account' | 'ip';

/**
 * Failed sign-ins, per account (the email typed) and per address, in SQLite so that a restart does not give a guesser
 * a fresh budget. Rows older than the longest window go when a new failure is recorded.
 */
export const loginFailures = sqliteTable(
  'login_failures',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scope: text('scope').$type<LoginThrottleScope>().notNull(),
    /** The lower-cased email, or the address. */
    key: text('key').notNull(),
    at: time('at').notNull(),
  },
  (t) => [index('login_failures_key').on(t.scope, t.key, t.at), index('login_failures_at').on(t.at)],
);

/**
 * Site keys of the browser snippet (issue 18): public by design (they sit in every page of the site), so they
 * are stored as they are and may only send a visitor's events and ask for decisions, from the listed origins,
 * within their rate limits.
 */
export const siteKeys = sqliteTable('site_keys', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  key: text('key').notNull().unique(),
  /** The origins (`https://shop.example.com`) whose pages may use the key; CORS answers only these. */
  origins: text('origins', { mode: 'json' }).$type<string[]>().notNull(),
  /** Requests one visitor may make per minute (a burst of a minute's worth is allowed). */
  visitorPerMinute: integer('visitor_per_minute').notNull(),
  /** Requests the whole key may make per second, over all visitors. */
  keyPerSecond: integer('key_per_second').notNull(),
  createdAt: time('created_at').notNull(),
});

/**
 * On-site items (action.onsite): what a placement of the website may show a contact, one row per item placed, its
 * id the outbox message's. `/api/decide` reads a contact's items of a placement by this table's index, never a scan;
 * the snippet's impressions and clicks are counted on the row (impressions per UTC day, for the node's daily cap).
 */
export const onsiteItems = sqliteTable(
  'onsite_items',
  {
    id: integer('id').primaryKey(),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    placement: text('placement').notNull(),
    format: text('format').$type<OnsiteFormat>().notNull(),
    /** Liquid, rendered for the contact when a page asks (so it reads the contact as they are then). */
    content: text('content').notNull(),
    priority: integer('priority').notNull(),
    expiresAt: time('expires_at').notNull(),
    maxImpressionsPerDay: integer('max_impressions_per_day'),
    scenarioId: text('scenario_id').notNull(),
    node: text('node').notNull(),
    /** The enrolment's triggering event, for `{{ event.* }}` in the content. */
    event: text('event', { mode: 'json' }).$type<TriggerEvent>(),
    createdAt: time('created_at').notNull(),
    /** The UTC day (days since the epoch) `impressionsToday` counts. */
    impressionsDay: integer('impressions_day').notNull().default(0),
    impressionsToday: integer('impressions_today').notNull().default(0),
    impressions: integer('impressions').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
  },
  (t) => [index('onsite_items_decide').on(t.contactId, t.placement, t.expiresAt)],
);

/**
 * Saved segments (issue 14): a named condition whose members are kept in `segment_members` as contacts
 * change, events arrive and time passes. `size` is kept by triggers on the members (see the migration),
 * so "how many are in it now" never counts. A save computes the membership in short background slices,
 * in contact id order after `computeAfter` ('' to start); null once done.
 */
export const segments = sqliteTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  condition: text('condition', { mode: 'json' }).$type<Condition>().notNull(),
  size: integer('size').notNull().default(0),
  computeAfter: text('compute_after'),
  createdAt: time('created_at').notNull(),
  updatedAt: time('updated_at').notNull(),
});

/** Who is in each saved segment now, since when: a campaign's audience is an index range here. */
export const segmentMembers = sqliteTable(
  'segment_members',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    enteredAt: time('entered_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.segmentId, t.contactId] }),
    // A contact's memberships are read from this index alone (it holds the segment ids): no table row per membership,
    // which at 1M contacts, when the contact cache does not hold the contact, was a fifth of an event's upkeep.
    index('segment_members_contact').on(t.contactId, t.segmentId),
  ],
);

/** When a contact's membership of a saved segment with an event window may change by the passage of time alone. */
export const segmentMembershipRechecks = sqliteTable(
  'segment_membership_rechecks',
  {
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    dueAt: time('due_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.contactId, t.segmentId] }), index('segment_membership_rechecks_due').on(t.dueAt)],
);

/** A saved segment's size at the end of each UTC day it changed (the day's last change writes it). */
export const segmentSizes = sqliteTable(
  'segment_sizes',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.day] })],
);

/**
 * The audit log (issue 16): one row per change made through the API, written in the change's own transaction.
 * Append-only: no route changes it, and triggers (migration 0019, hand-written part) refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: time('at').notNull(),
    actorKind: text('actor_kind').$type<AuditActorKind>().notNull(),
    /** The user's or the key's id. */
    actorId: text('actor_id'),
    /** The user's email or the key's name, as they were then. */
    actorLabel: text('actor_label'),
    action: text('action').$type<AuditAction>().notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    change: text('change', { mode: 'json' }).$type<Record<string, Json>>().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    index('audit_log_at').on(t.at),
    index('audit_log_actor').on(t.actorId, t.id),
    index('audit_log_action').on(t.action, t.id),
    index('audit_log_target').on(t.targetType, t.targetId, t.id),
  ],
);

/**
 * Review before publishing (issue 16): an editor's request that a publisher publish one exact snapshot of the draft.
 * Kept after the decision: the editor reads a send-back's comment here, the history who approved what.
 */
export const reviewRequests = sqliteTable(
  'review_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    scenarioId: text('scenario_id')
      .notNull()
      .references(() => scenarios.id),
    status: text('status').$type<ReviewStatus>().notNull(),
    /** The draft as it was asked for, checked runnable then: what approval publishes. */
    snapshot: text('snapshot', { mode: 'json' }).$type<Scenario>().notNull(),
    /** The live version when asked for (null: never published); approval is refused once another version went live. */
    baseVersion: integer('base_version'),
    note: text('note'),
    /** The requester's email or the key's name, as the audit log names them. */
    requestedBy: text('requested_by').notNull(),
    requestedAt: time('requested_at').notNull(),
    decidedBy: text('decided_by'),
    decidedAt: time('decided_at'),
    comment: text('comment'),
    publishedVersion: integer('published_version'),
  },
  (t) => [index('review_requests_scenario').on(t.scenarioId, t.id), index('review_requests_status').on(t.status, t.id)],
);

export type { CampaignDefinition, CampaignSkipReason } from '@parcours/shared';
import type { CampaignDefinition, CampaignSkipReason } from '@parcours/shared';

/**
 * Which part of its audience a run is copying (see campaign-runs.ts): `segment` its segment's members in contact id
 * order; with a volume ceiling it exceeds, `top` the best-ordered members up to the ceiling, then `cut` the others;
 * below a volume floor, `widen` the best-ordered contacts outside the segment.
 */
export type RunStage = 'segment' | 'top' | 'cut' | 'widen';
/** Where a run's member came from: its segment, or widening to reach the campaign's volume floor. */
export type DeliverySource = 'segment' | 'widened';

/** `completed` is not stored: a campaign is completed when it has no next run and no run under way. */
export type StoredCampaignStatus = 'active' | 'paused' | 'cancelled';

/**
 * Campaigns (issue 14): a saved segment's members started on a journey once or on a schedule. `nextRunAt` (indexed)
 * is when the next run starts, `nextRunDay` the calendar day it is for; both null when no run is to come.
 */
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    definition: text('definition', { mode: 'json' }).$type<CampaignDefinition>().notNull(),
    status: text('status').$type<StoredCampaignStatus>().notNull(),
    nextRunDay: text('next_run_day'),
    nextRunAt: time('next_run_at'),
    createdAt: time('created_at').notNull(),
    updatedAt: time('updated_at').notNull(),
  },
  (t) => [index('campaigns_next_run').on(t.nextRunAt).where(sql`next_run_at IS NOT NULL`)],
);

/**
 * One run of a campaign. Its audience is copied into `campaign_deliveries` in short slices, in contact id order
 * after `snapshotAfter` ('' to start; null once the whole segment is copied): the stored cursor and the
 * deliveries' primary key are what make a run survive a restart without starting anyone twice or missing anyone.
 * The counters are kept in the transactions that change the deliveries, so the report never counts rows.
 */
export const campaignRuns = sqliteTable(
  'campaign_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    /** The segment's size when the run started: what spreading paces over. */
    audience: integer('audience').notNull(),
    snapshotAfter: text('snapshot_after'),
    stage: text('stage').$type<RunStage>().notNull().default('segment'),
    /** The `top` and `widen` stages walk the contacts by the volume order: the (rank key, id) walked up to. */
    rankAfterKey: real('rank_after_key'),
    rankAfterId: text('rank_after_id'),
    /** Members taken to be started (not skipped when copied): what the volume ceiling and floor count. */
    kept: integer('kept').notNull().default(0),
    queued: integer('queued').notNull().default(0),
    enrolled: integer('enrolled').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    /** The campaign's definition when the run started: an edit of the campaign changes its next runs, not this one. */
    definition: text('definition', { mode: 'json' }).$type<CampaignDefinition>(),
    /** A message campaign's run: the version of the campaign's journey it starts (an edit publishes a new one). */
    journeyVersion: integer('journey_version'),
  },
  (t) => [index('campaign_runs_campaign').on(t.campaignId, t.id)],
);

/** A member of a run's audience: due at its instant (its own local time, paced by spreading), then enrolled or skipped. */
export const campaignDeliveries = sqliteTable(
  'campaign_deliveries',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => campaignRuns.id, { onDelete: 'cascade' }),
    contactId: text('contact_id')
      .notNull()
      .references(() => contacts.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
    dueAt: time('due_at').notNull(),
    status: text('status').$type<'pending' | 'enrolled' | 'skipped'>().notNull(),
    reason: text('reason').$type<CampaignSkipReason>(),
    source: text('source').$type<DeliverySource>().notNull().default('segment'),
  },
  (t) => [
    // The report's count of the contacts widening added.
    index('campaign_deliveries_widened').on(t.runId).where(sql`source = 'widened'`),
    primaryKey({ columns: [t.runId, t.contactId] }),
    index('campaign_deliveries_due').on(t.dueAt).where(sql`status = 'pending'`),
    // Whether a run still has anyone pending: without it, the check reads every delivery of the run.
    index('campaign_deliveries_pending').on(t.runId).where(sql`status = 'pending'`),
    index('campaign_deliveries_skipped').on(t.runId, t.reason).where(sql`status = 'skipped'`),
    index('campaign_deliveries_contact').on(t.contactId),
  ],
);

/**
 * How long the audit log keeps its entries: one row (id 1), `days` null keeps them for good. The database itself
 * holds the guarantee (the migration's hand-written part): the append-only trigger lets a DELETE through only for an
 * entry older than `days` by the database's own clock (never the server's manual clock), through the view
 * `audit_prune_horizon`; and no value under AUDIT_RETENTION_MIN_DAYS can be stored.
 */
export const auditRetention = sqliteTable(
  'audit_retention',
  {
    id: integer('id').primaryKey(),
    days: integer('days'),
  },
  (t) => [check('audit_retention_one_row', sql`${t.id} = 1`), check('audit_retention_floor', sql`${t.days} is null or ${t.days} >= ${sql.raw(String(AUDIT_RETENTION_MIN_DAYS))}`)],
);
