import { DateTime, IANAZone } from 'luxon';
import type { Weekday } from '../schema/primitives.ts';
import type { Instant } from '../engine/types.ts';

const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function local(now: Instant, zone: string): DateTime {
  const dt = DateTime.fromMillis(now, { zone });
  return dt.isValid ? dt : DateTime.fromMillis(now, { zone: 'UTC' });
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

function at(day: DateTime, time: string): DateTime {
  return day.set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)), second: 0, millisecond: 0 });
}

const weekdayOf = (dt: DateTime): Weekday => WEEKDAYS[dt.weekday - 1];

/** True when `zone` is an IANA time zone luxon understands. */
export const isValidTimeZone = (zone: string): boolean => DateTime.local({ zone }).isValid;

/**
 * The next instant strictly after `now` whose wall-clock time in `zone` is `time` ("HH:MM"). Strictly:
 * a daily loop that comes back to its wait at that very time must wait for the next day, not pass again.
 */
export function nextTimeOfDay(now: Instant, zone: string, time: string): Instant {
  const today = at(local(now, zone), time);
  return (today.toMillis() > now ? today : at(today.plus({ days: 1 }), time)).toMillis();
}

/** `date` ("YYYY-MM-DD" or an ISO instant) plus `offsetDays`, at `time` in `zone`; null when the date is unusable. */
export function dateAt(date: string, zone: string, time: string, offsetDays = 0): Instant | null {
  const day = DateTime.fromISO(date.length > 10 ? date.slice(0, 10) : date, { zone });
  if (!day.isValid) return null;
  return at(day.plus({ days: offsetDays }), time).toMillis();
}

/**
 * The next anniversary of `date` (month and day) plus `offsetDays` at `time`, at or after `from`.
 * For a 29 February date, non-leap years use 28 February (luxon clamps).
 */
export function nextAnniversary(date: string, zone: string, time: string, offsetDays: number, from: Instant): Instant | null {
  const base = DateTime.fromISO(date.slice(0, 10), { zone });
  if (!base.isValid) return null;
  const fromYear = local(from, zone).year;
  for (let year = fromYear - 1; year <= fromYear + 1; year++) {
    const due = at(base.set({ year }).plus({ days: offsetDays }), time).toMillis();
    if (due >= from) return due;
  }
  return null;
}

/** A span of wall-clock hours on some weekdays, possibly across midnight (start after end). */
export interface DailySpan {
  start: string;
  end: string;
  days?: Weekday[];
}

const QUARTER_HOUR = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's UTC offset in minutes at `now`. Asking Intl is slow and this runs for every send
 * (quiet hours), so offsets are cached per zone and quarter hour: every real zone changes its
 * offset on a quarter-hour boundary, so the cached value is exact.
 */
function offsetMinutes(now: Instant, zone: string): number {
  const key = `${zone}\u0000${Math.floor(now / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const ianaZone = IANAZone.create(zone);
    offset = ianaZone.isValid ? ianaZone.offset(now) : 0;
    if (offsets.size > 50_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Minute of the day and weekday (0 = Monday) of `now` on the wall clock of `zone`. */
function wallClock(now: Instant, zone: string): { minute: number; weekday: number } {
  const shifted = new Date(now + offsetMinutes(now, zone) * 60_000);
  return { minute: shifted.getUTCHours() * 60 + shifted.getUTCMinutes(), weekday: (shifted.getUTCDay() + 6) % 7 };
}

/** Whether `now` falls inside the span in `zone`. A span crossing midnight belongs to the day it starts on. */
export function isWithinSpan(now: Instant, zone: string, span: DailySpan): boolean {
  const { minute, weekday } = wallClock(now, zone);
  const start = minutesOf(span.start);
  const end = minutesOf(span.end);
  const dayAllowed = (day: number) => !span.days || span.days.includes(WEEKDAYS[(day + 7) % 7]);
  if (start < end) return minute >= start && minute < end && dayAllowed(weekday);
  if (start === end) return dayAllowed(weekday);
  if (minute >= start) return dayAllowed(weekday);
  return minute < end && dayAllowed(weekday - 1);
}

/** The first instant after `now` at which the span ends (for quiet hours: when sending may resume). */
export function spanEnd(now: Instant, zone: string, span: DailySpan): Instant {
  return nextTimeOfDay(now, zone, span.end);
}

/** The next instant at or after `now` at which the span starts on an allowed day (for send windows). */
export function nextSpanStart(now: Instant, zone: string, span: DailySpan): Instant {
  let day = local(now, zone).startOf('day');
  for (let i = 0; i <= 7; i++, day = day.plus({ days: 1 })) {
    const start = at(day, span.start);
    if (start.toMillis() >= now && (!span.days || span.days.includes(weekdayOf(start)))) return start.toMillis();
  }
  return now;
}

/** An instant as an ISO text in `zone`, for traces people read. */
export function formatInZone(instant: Instant, zone: string): string {
  return local(instant, zone).toISO({ suppressMilliseconds: true }) ?? new Date(instant).toISOString();
}
