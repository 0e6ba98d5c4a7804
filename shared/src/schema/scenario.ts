import { z } from 'zod';
import { EventMatcher } from './conditions.ts';
import { ScenarioNode } from './nodes.ts';
import { Channel, Duration, Identifier, PRESSURE_CHANNELS, TimeOfDay, Weekday } from './primitives.ts';
import { TestCase } from './testcase.ts';

export const SCHEMA_VERSION = 1;

/** "At most `max` messages on `channel` per contact per `per`", e.g. 3 emails per 7d, or 1 task per 30d. */
export const FrequencyCap = z
  .object({
    channel: z.enum(PRESSURE_CHANNELS),
    max: z.number().int().min(0),
    per: Duration,
  })
  .strict();
export type FrequencyCap = z.infer<typeof FrequencyCap>;

/** Hours during which no message is sent, in the contact's time zone; may span midnight (21:00 → 08:00). */
export const QuietHours = z
  .object({ start: TimeOfDay, end: TimeOfDay, days: z.array(Weekday).min(1).optional() })
  .strict();
export type QuietHours = z.infer<typeof QuietHours>;

/**
 * How many messages the scenario sends on `channel` per day (in its defaultTimeZone), over all its
 * contacts: sends beyond `maxPerDay` wait in the outbox for the next day; a day that ends below
 * `minPerDay` is reported as under-delivered.
 */
export const VolumeCap = z
  .object({
    channel: Channel,
    maxPerDay: z.number().int().min(1).optional(),
    minPerDay: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((cap) => cap.minPerDay === undefined || cap.maxPerDay === undefined || cap.minPerDay <= cap.maxPerDay, {
    message: 'must not be more than maxPerDay',
    path: ['minPerDay'],
  });
export type VolumeCap = z.infer<typeof VolumeCap>;

export const ReentryPolicy = z.discriminatedUnion('policy', [
  z.object({ policy: z.literal('never') }).strict(),
  z.object({ policy: z.literal('always') }).strict(),
  z.object({ policy: z.literal('after'), after: Duration }).strict(),
]);
export type ReentryPolicy = z.infer<typeof ReentryPolicy>;

/**
 * What the entry arriving again does while the contact is in the journey: `ignore` it, `restart` (the run in
 * progress exits, a new one starts), or run in `parallel`, one run per distinct value of the entry event's
 * property `key` (one cart, one journey); an entry without the property runs under no key.
 */
export const RetriggerChoice = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('ignore') }).strict(),
    z.object({ mode: z.literal('restart') }).strict(),
    z
      .object({
        mode: z.literal('parallel'),
        key: z.string().min(1).meta({ title: 'Correlation key', description: 'Dot path into the entry event’s properties, e.g. cart_id: one run per distinct value' }),
      })
      .strict(),
  ])
  .meta({ title: 'When the trigger arrives again', description: 'While the contact is in the journey: ignore it, restart the journey, or run one journey per correlation key' });
export type RetriggerChoice = z.infer<typeof RetriggerChoice>;

export const Settings = z
  .object({
    reentry: ReentryPolicy.default({ policy: 'never' }),
    retrigger: RetriggerChoice.default({ mode: 'ignore' }),
    /** Doing one of these events takes the contact out of the scenario at once. */
    exitEvents: z.array(EventMatcher.strict()).default([]),
    /** The scenario's conversion event: doing it converts and exits the contact wherever they are. */
    goal: EventMatcher.strict().optional(),
    frequencyCaps: z.array(FrequencyCap).default([]),
    /** Per-channel daily volume of the whole scenario, at most one entry per channel. */
    volumeCaps: z
      .array(VolumeCap)
      .default([])
      .superRefine((caps, ctx) => {
        caps.forEach((cap, index) => {
          if (caps.findIndex((other) => other.channel === cap.channel) < index) {
            ctx.addIssue({ code: 'custom', message: `a second volume cap for ${cap.channel}: keep one per channel`, path: [index, 'channel'] });
          }
        });
      }),
    quietHours: QuietHours.optional(),
    /** Whether a send on the channel needs the contact's opt-in (GDPR: yes for marketing). */
    consentRequired: z
      .object({ email: z.boolean().default(true), sms: z.boolean().default(true), push: z.boolean().default(true), onsite: z.boolean().default(true) })
      .strict()
      .default({ email: true, sms: true, push: true, onsite: true }),
    /** Time zone used for contacts who have none. */
    defaultTimeZone: z.string().min(1).default('UTC'),
    /** Whether emails carry an open pixel and tracked links (email_opened / email_clicked events). */
    tracking: z
      .boolean()
      .default(true)
      .meta({ title: 'Track email opens and clicks', description: 'Adds an invisible pixel and tracked links to emails: opens and clicks become email_opened and email_clicked events' }),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const Template = z.discriminatedUnion('channel', [
  z
    .object({ id: Identifier, channel: z.literal('email'), name: z.string().optional(), subject: z.string().min(1), html: z.string(), text: z.string().optional() })
    .strict(),
  z.object({ id: Identifier, channel: z.literal('sms'), name: z.string().optional(), text: z.string().min(1) }).strict(),
  z.object({ id: Identifier, channel: z.literal('push'), name: z.string().optional(), title: z.string().min(1), body: z.string() }).strict(),
  z.object({ id: Identifier, channel: z.literal('webhook'), name: z.string().optional(), body: z.string() }).strict(),
]);
export type Template = z.infer<typeof Template>;

export const Edge = z
  .object({
    id: Identifier,
    source: Identifier,
    /** The output handle of the source node ("next", "yes", "timedOut", a split variant id...). */
    sourceHandle: z.string().min(1).default('next'),
    target: Identifier,
  })
  .strict();
export type Edge = z.infer<typeof Edge>;

export const Scenario = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SCHEMA_VERSION),
    id: Identifier,
    name: z.string().min(1).max(200),
    description: z.string().optional(),
    settings: Settings.default(Settings.parse({})),
    templates: z.array(Template).default([]),
    nodes: z.array(ScenarioNode),
    edges: z.array(Edge),
    /** Saved simulation cases: what this scenario must do for given contacts and events. */
    tests: z.array(TestCase).default([]),
  })
  .strict();
export type Scenario = z.infer<typeof Scenario>;
/** A scenario as written in a file, before defaults are applied. */
export type ScenarioInput = z.input<typeof Scenario>;
