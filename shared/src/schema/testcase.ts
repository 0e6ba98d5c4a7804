import { z } from 'zod';
import { ContactPreferences } from './preferences.ts';
import { DoubleOptInChannel } from './double-opt-in.ts';
import { CAMPAIGN_SKIP_REASONS } from '../campaigns/skip-reasons.ts';
import { Channel, Duration, ExternalName, Identifier, JsonValue, TimeZoneName } from './primitives.ts';

/** A contact as the simulator (and the server) sees it. */
export const ContactProfile = z
  .object({
    id: ExternalName,
    attributes: z.record(z.string(), JsonValue).default({}),
    consents: z
      .object({
        email: z.boolean().optional(),
        sms: z.boolean().optional(),
        push: z.boolean().optional(),
        /** Personalised content on the site itself (on-site placements). */
        onsite: z.boolean().optional(),
      })
      .strict()
      .default({}),
    /** Channels whose consent awaits the contact's confirmation (double opt-in): nothing is sent on them. */
    pendingConsents: z.array(DoubleOptInChannel).optional(),
    /** IANA time zone, e.g. "Europe/Paris". */
    timeZone: z.string().min(1).optional(),
    lists: z.array(z.string()).default([]),
    /** Topics opted out of and the frequency chosen on the preference centre. */
    preferences: ContactPreferences.optional(),
  })
  .strict();
export type ContactProfile = z.infer<typeof ContactProfile>;

/** An offset from the start of a simulation ("2h", "3d") or an absolute ISO instant. */
export const TimelineTime = z.union([Duration, z.iso.datetime({ offset: true })]);

/** What the simulated contact is known as once it identifies: the known contact's own profile. */
const KnownProfile = ContactProfile.omit({ id: true }).partial().strict();

/**
 * A campaign starts the simulated journey for the contact, as a campaign run does on the server: within the journey's
 * re-entry rule, or skipped with the run's reason. With `segment`, the contact must be in that saved segment then
 * (checked when the simulation has the saved segments, as the server's has). `at` is when the campaign is scheduled;
 * with `localTime`, the contact is started at `at`'s time of day (read in `timeZone`) in their own time zone, as a
 * local-time campaign's run starts each contact.
 */
export const CampaignStart = z
  .object({
    at: TimelineTime,
    campaign: z.literal(true),
    segment: z.string().min(1).max(200).optional().meta({ description: "the campaign's saved segment: the contact must be in it at that instant" }),
    localTime: z.boolean().optional().meta({ description: "true: at `at`'s time of day in the contact's own time zone (the campaign's zone for a contact without one)" }),
    timeZone: TimeZoneName.optional().meta({ description: "the campaign's time zone, which `at`'s day and time of day are read in (UTC by default, as a campaign's)" }),
  })
  .strict();
export type CampaignStart = z.infer<typeof CampaignStart>;

/**
 * One thing that happens to the contact: an event, a change of attributes, (for an anonymous
 * visitor) identifying as a known contact, whose profile the visitor's merges into, or a campaign
 * starting the journey.
 */
export const TimelineEntry = z.union([
  z.object({ at: TimelineTime, event: ExternalName, properties: z.record(z.string(), JsonValue).default({}) }).strict(),
  z.object({ at: TimelineTime, attributes: z.record(z.string(), JsonValue) }).strict(),
  z.object({ at: TimelineTime, identify: z.string().min(1), profile: KnownProfile.default({}) }).strict(),
  CampaignStart,
]);
export type TimelineEntry = z.infer<typeof TimelineEntry>;
export const Timeline = z.array(TimelineEntry);

export const ExpectedMessage = z
  .object({ channel: Channel, template: Identifier.optional(), node: Identifier.optional(), at: TimelineTime.optional() })
  .strict();
export type ExpectedMessage = z.infer<typeof ExpectedMessage>;

/**
 * A campaign start a case expects, in the timeline's order: the journey started (optionally which pass) or skipped for
 * a reason; `at` (optional) is when it reached the contact (a local-time campaign's: the contact's own time).
 */
export const ExpectedCampaignStart = z.discriminatedUnion('status', [
  z.object({ status: z.literal('enrolled'), pass: z.number().int().min(1).optional(), at: TimelineTime.optional() }).strict(),
  z.object({ status: z.literal('skipped'), reason: z.enum(CAMPAIGN_SKIP_REASONS), at: TimelineTime.optional() }).strict(),
]);
export type ExpectedCampaignStart = z.infer<typeof ExpectedCampaignStart>;

export const FinalStatus = z.enum(['not_entered', 'active', 'exited', 'converted', 'completed']);
export type FinalStatus = z.infer<typeof FinalStatus>;

export const TestCase = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    contact: ContactProfile,
    events: Timeline.default([]),
    /** Where the virtual clock starts (ISO instant); a fixed default keeps runs reproducible. */
    start: z.iso.datetime({ offset: true }).optional(),
    /** How long to run the virtual clock at most. */
    until: Duration.optional(),
    expect: z
      .object({
        /** Node ids the contact passes through, in order. */
        path: z.array(Identifier).optional(),
        messages: z.array(ExpectedMessage).optional(),
        /** The timeline's campaign starts, in order: each started the journey or was skipped for the reason given. */
        campaigns: z.array(ExpectedCampaignStart).optional(),
        status: FinalStatus.optional(),
        /** For status "active": the node the contact waits at. */
        at: Identifier.optional(),
      })
      .strict(),
  })
  .strict();
export type TestCase = z.infer<typeof TestCase>;
