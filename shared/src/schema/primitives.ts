import { z } from 'zod';
import { isValidTimeZone } from '../time/zoned.ts';

/** Identifiers used for nodes, edges, outputs, templates and scenarios: stable, URL- and CSS-safe. */
export const Identifier = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, 'must be 1-80 letters, digits, "-" or "_", starting with a letter or digit');

/**
 * What callers name things with from outside: contact ids, anonymous ids, event names. At most 200
 * characters of well-formed Unicode: SQLite would store a lone UTF-16 surrogate as U+FFFD, so the stored
 * id would no longer match the one sent, and the contact's later events would fail.
 */
export const ExternalName = z
  .string()
  .min(1)
  .max(200)
  .refine((text) => text.isWellFormed(), 'must be well-formed Unicode (it holds a lone UTF-16 surrogate)');

/** A duration as marketers write it: "3d", "4h", "1w", "1d12h", "30m", "45s". */
export const DURATION_PATTERN = /^(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
export const Duration = z
  .string()
  .regex(DURATION_PATTERN, 'must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"');

/** A wall-clock time in the contact's time zone, "HH:MM" (24 h). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM" (24 h)');

/** A calendar date "YYYY-MM-DD". */
export const CalendarDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date "YYYY-MM-DD"');

/** An IANA time zone, e.g. "Europe/Paris" (the engine would silently read an unknown one as UTC). */
export const TimeZoneName = z.string().min(1).refine(isValidTimeZone, 'must be an IANA time zone, e.g. "Europe/Paris"');

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** Where a node sends: a message channel, a webhook, a task for a team (`action.task`), or the website itself (`action.onsite`). */
export const Channel = z.enum(['email', 'sms', 'push', 'webhook', 'task', 'onsite']);
export type Channel = z.infer<typeof Channel>;
/** Channels the dispatcher delivers from the outbox; an on-site item is there the moment it is placed. */
export const DeliveredChannel = Channel.exclude(['onsite']);
export type DeliveredChannel = z.infer<typeof DeliveredChannel>;
/** Channels that carry a template to the contact's own address: they need the contact's consent. */
export const MESSAGE_CHANNELS = ['email', 'sms', 'push'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
/**
 * Channels that reach a person and so count towards marketing pressure (quiet hours, frequency caps):
 * the messages, and tasks (a call, a visit, a letter is solicitation too). A task needs no consent
 * flag of its own: the team that carries it out works from the contact's record.
 */
export const PRESSURE_CHANNELS = [...MESSAGE_CHANNELS, 'task', 'onsite'] as const;
export type PressureChannel = (typeof PRESSURE_CHANNELS)[number];
/**
 * What a contact consents to: each message channel, and `onsite`, personalised content on the site itself
 * (placements chosen for them, issue 18), which no address carries.
 */
export const CONSENT_CHANNELS = [...MESSAGE_CHANNELS, 'onsite'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const isConsentChannel = (channel: string): channel is ConsentChannel => (CONSENT_CHANNELS as readonly string[]).includes(channel);
export const isMessageChannel = (channel: string): channel is MessageChannel => (MESSAGE_CHANNELS as readonly string[]).includes(channel);

/** Any JSON value (attribute values, event properties). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

/** A contact attribute's name as the settings and imports declare it. */
export const AttributeNameSchema = z
  .string()
  .regex(/^[A-Za-z_][\w.-]{0,99}$/, 'must be 1-100 letters, digits, "_", "-" or ".", starting with a letter or "_"');
