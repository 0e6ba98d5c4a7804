import type { Instant } from '../engine/types.ts';
import { dateAt } from '../time/zoned.ts';
import type { CampaignDefinition, CampaignSchedule } from './definition.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** The zones furthest ahead of and behind UTC (Kiribati, Baker Island): a local-time run covers both. */
const AHEAD = 14 * HOUR;
const BEHIND = 12 * HOUR;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** What of a campaign says when its runs reach each contact. */
export type CampaignTiming = Pick<CampaignDefinition, 'schedule' | 'timeZone' | 'localTime'>;

const dayOf = (at: Instant) => new Date(at).toISOString().slice(0, 10);
const wallClock = (day: string, time: string) => Date.parse(`${day}T${time}:00Z`);

/** Whether the schedule runs on that calendar day; a monthly day past the month's end runs on its last day. */
function runsOn(schedule: CampaignSchedule, day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  switch (schedule.repeat) {
    case 'once':
      return day === schedule.date;
    case 'daily':
      return true;
    case 'weekly':
      return WEEKDAYS[date.getUTCDay()] === schedule.weekday;
    case 'monthly': {
      const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
      return date.getUTCDate() === Math.min(schedule.day, lastDay);
    }
  }
}

/**
 * The instants a run on `day` reaches its contacts between: at the schedule's time in the campaign's zone, or, at
 * each contact's local time, from the zone furthest ahead to the one furthest behind.
 */
export function runSpan({ schedule, timeZone, localTime }: CampaignTiming, day: string): { first: Instant; last: Instant } {
  if (localTime) {
    const wall = wallClock(day, schedule.time);
    return { first: wall - AHEAD, last: wall + BEHIND };
  }
  const at = dateAt(day, timeZone, schedule.time) ?? wallClock(day, schedule.time);
  return { first: at, last: at };
}

/**
 * The campaign's next run after the run of `afterDay` (the first, with none): the first day the schedule runs on
 * whose span has not ended by `now`; it starts at the span's first instant, or now when that has passed (a
 * local-time run created during its span reaches the contacts whose time is still ahead). Undefined: no more runs.
 */
export function nextRun(timing: CampaignTiming, now: Instant, afterDay?: string): { day: string; at: Instant } | undefined {
  const earliest = dayOf(now - 2 * DAY);
  let day = afterDay !== undefined && afterDay >= earliest ? dayOf(Date.parse(afterDay) + DAY) : earliest;
  // A year and a bit covers every schedule (a monthly day always falls within the next two months).
  for (let i = 0; i < 400; i++, day = dayOf(Date.parse(day) + DAY)) {
    if (timing.schedule.repeat === 'once' && day > timing.schedule.date) return undefined;
    if (!runsOn(timing.schedule, day)) continue;
    const span = runSpan(timing, day);
    if (span.last > now) return { day, at: Math.max(span.first, now) };
  }
  return undefined;
}

/**
 * When a contact is due in the run of `day`: at the schedule's time in their own zone (local time; the campaign's
 * zone when they have none or an unknown one), else when the run started.
 */
export function contactDueAt(timing: CampaignTiming, day: string, startedAt: Instant, contactZone: string | null | undefined): Instant {
  if (!timing.localTime) return startedAt;
  const own = contactZone ? dateAt(day, contactZone, timing.schedule.time) : null;
  return own ?? dateAt(day, timing.timeZone, timing.schedule.time) ?? startedAt;
}

/** How far after its due instant the `index`-th contact (from 0) of an audience of `audience` goes, spread evenly over `spreadMs`. */
export function spreadOffset(index: number, audience: number, spreadMs: number): number {
  if (audience <= 1 || spreadMs <= 0) return 0;
  return Math.floor((Math.min(index, audience - 1) * spreadMs) / audience);
}
