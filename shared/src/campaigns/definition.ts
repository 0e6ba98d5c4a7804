import { z } from 'zod';
import { CalendarDate, Duration, TimeOfDay, TimeZoneName, Weekday } from '../schema/primitives.ts';
import { parseDuration } from '../time/duration.ts';
import { CampaignMessage } from './message.ts';
import { CampaignVolume } from './volume.ts';

/** A campaign's time zone when it names none. */
export const DEFAULT_CAMPAIGN_ZONE = 'UTC';

/** The longest a run may be spread over: a run paced over more than a day would overlap the next daily one. */
export const MAX_SPREAD_MS = 24 * 3_600_000;

/**
 * When a campaign runs: once on a day, or every day, every week on a weekday, every month on a day of the month
 * (a month without that day runs on its last day), always at a time of day.
 */
export const CampaignSchedule = z.discriminatedUnion('repeat', [
  z.object({ repeat: z.literal('once'), date: CalendarDate, time: TimeOfDay }).strict(),
  z.object({ repeat: z.literal('daily'), time: TimeOfDay }).strict(),
  z.object({ repeat: z.literal('weekly'), weekday: Weekday, time: TimeOfDay }).strict(),
  z.object({ repeat: z.literal('monthly'), day: z.number().int().min(1).max(31), time: TimeOfDay }).strict(),
]);
export type CampaignSchedule = z.infer<typeof CampaignSchedule>;

/** What a campaign does for each member of its audience: start a published journey, or send one message. */
export const CampaignAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('journey'), scenario: z.string().min(1).max(200) }).strict(),
  CampaignMessage,
]);
export type CampaignAction = z.infer<typeof CampaignAction>;

/** What a marketer saves as a campaign. */
export const CampaignDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    /** The saved segment whose members are the audience, as they are when a run starts. */
    segment: z.string().min(1).max(200),
    action: CampaignAction,
    schedule: CampaignSchedule,
    /** The zone the schedule's time of day is read in (and each contact's fallback when `localTime`). */
    timeZone: TimeZoneName.default(DEFAULT_CAMPAIGN_ZONE),
    /** True: each contact at the schedule's time of day in their own time zone (the campaign's zone when they have none). */
    localTime: z.boolean().default(false),
    /** Paces each run's audience evenly over this window from its start (e.g. "2h"), to respect provider rates. */
    spread: Duration.refine((d) => parseDuration(d) <= MAX_SPREAD_MS, 'must be at most 24h').optional(),
    /** A floor and a ceiling on each run's audience, with the order that picks whom (see volume.ts). */
    volume: CampaignVolume.optional(),
  })
  .strict();
export type CampaignDefinition = z.infer<typeof CampaignDefinition>;
export type CampaignDefinitionInput = z.input<typeof CampaignDefinition>;

/** The journey a campaign's runs start: the one it names, or a message campaign's own (whose id is the campaign's). */
export const journeyOf = (campaignId: string, { action }: Pick<CampaignDefinition, 'action'>): string => (action.kind === 'journey' ? action.scenario : campaignId);

const { timeZone: _timeZone, localTime: _localTime, spread, volume, ...requiredFields } = CampaignDefinition.shape;

/**
 * An edit of a campaign: the fields it changes, the others kept as they are; `null` removes an optional one
 * (`spread: null` stops spreading, `volume: null` drops the floor and ceiling). Without the definition's defaults (a
 * missing zone is not a change to UTC); the merged definition is checked whole again.
 */
export const CampaignPatch = z
  .object({ ...requiredFields, timeZone: z.string().min(1), localTime: z.boolean(), spread: spread.unwrap().nullable(), volume: volume.unwrap().nullable() })
  .partial()
  .strict();
export type CampaignPatch = z.infer<typeof CampaignPatch>;
export type CampaignPatchInput = z.input<typeof CampaignPatch>;

/** The definition an edit leaves, to check whole. */
export function patchedDefinition(definition: CampaignDefinition, patch: CampaignPatch): CampaignDefinitionInput {
  const merged: Record<string, unknown> = { ...definition };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  return merged as CampaignDefinitionInput;
}
