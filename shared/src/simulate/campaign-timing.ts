import { DEFAULT_CAMPAIGN_ZONE } from '../campaigns/definition.ts';
import { contactDueAt, runSpan, type CampaignTiming } from '../campaigns/schedule.ts';
import type { Instant } from '../engine/types.ts';
import type { CampaignStart } from '../schema/testcase.ts';
import { formatInZone } from '../time/zoned.ts';

/**
 * The campaign a timeline's campaign start stands for: once, on the day and at the time of day (to the minute, as a
 * schedule names it) that its scheduled instant reads in the campaign's zone.
 */
export function campaignTimingOf(entry: CampaignStart, scheduledAt: Instant): CampaignTiming & { day: string } {
  const timeZone = entry.timeZone ?? DEFAULT_CAMPAIGN_ZONE;
  // "2026-01-06T09:00:00+01:00": the day, then the time of day.
  const local = formatInZone(scheduledAt, timeZone);
  const day = local.slice(0, 10);
  return { day, timeZone, localTime: entry.localTime ?? false, schedule: { repeat: 'once', date: day, time: local.slice(11, 16) } };
}

/**
 * When a campaign start reaches the contact: at its scheduled instant, or, for a local-time campaign, at that time of
 * day in the contact's own zone (the campaign's for a contact without one), by the server's own rule (contactDueAt).
 */
export function campaignStartAt(entry: CampaignStart, scheduledAt: Instant, contactZone: string | undefined): Instant {
  const timing = campaignTimingOf(entry, scheduledAt);
  return contactDueAt(timing, timing.day, scheduledAt, contactZone);
}

/**
 * When the campaign's run copies its audience, which the contact must be in to be started at all: at the start, or,
 * for a local-time campaign, when the zone furthest ahead reaches its time (runSpan), hours before most contacts' own
 * time. The campaign is taken to exist from the simulation's `start`: a run whose span began earlier starts then.
 */
export function campaignRunStartAt(entry: CampaignStart, scheduledAt: Instant, contactZone: string | undefined, start: Instant): Instant {
  if (!entry.localTime) return campaignStartAt(entry, scheduledAt, contactZone);
  const timing = campaignTimingOf(entry, scheduledAt);
  return Math.max(runSpan(timing, timing.day).first, start);
}
