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
  const day = calendarDay(date.length > 10 ? date.slice(0, 10) : date);
  if (day && knownZone(zone)) {
    const fast = wallClockInstant(day.year, day.month, day.day + offsetDays, time, zone);
    if (fast !== undefined) return fast;
  }
  const parsed = DateTime.fromISO(date.length > 10 ? date.slice(0, 10) : date, { zone });
  if (!parsed.isValid) return null;
  return at(parsed.plus({ days: offsetDays }), time).toMillis();
}

/**
 * The next anniversary of `date` (month and day) plus `offsetDays` at `time`, at or after `from`.
 * For a 29 February date, non-leap years use 28 February (luxon clamps).
 */
export function nextAnniversary(date: string, zone: string, time: string, offsetDays: number, from: Instant): Instant | null {
  const day = knownZone(zone) ? calendarDay(date.slice(0, 10)) : undefined;
  const base = day ? undefined : DateTime.fromISO(date.slice(0, 10), { zone });
  if (base && !base.isValid) return null;
  const fromYear = day ? new Date(from + offsetMinutes(from, zone) * 60_000).getUTCFullYear() : local(from, zone).year;
  for (let year = fromYear - 1; year <= fromYear + 1; year++) {
    const clamped = day && day.month === 2 && day.day === 29 && !isLeapYear(year) ? 28 : day?.day;
    const fast = day ? wallClockInstant(year, day.month, clamped! + offsetDays, time, zone) : undefined;
    const due = fast ?? at((base ?? DateTime.fromISO(date.slice(0, 10), { zone })).set({ year }).plus({ days: offsetDays }), time).toMillis();
    if (due >= from) return due;
  }
  return null;
}

// Date entries compute an occurrence for every contact with a date: luxon takes a tenth of a
// millisecond per call, so the common case (a plain calendar day, a known zone, no daylight-saving
// change within a day) is computed from the zone's cached offsets, and luxon handles the rest.

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A "YYYY-MM-DD" that names a real calendar day, else undefined (luxon then decides). */
function calendarDay(date: string): { year: number; month: number; day: number } | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(2000, month - 1, day));
  const real = month >= 1 && month <= 12 && day >= 1 && check.getUTCMonth() === month - 1 && (day !== 29 || month !== 2 || isLeapYear(year));
  return real && year >= 1000 ? { year, month, day } : undefined;
}

const knownZone = (zone: string) => IANAZone.create(zone).isValid;

/**
 * The instant the wall clock of `zone` shows `time` on that day (the day may overflow the month),
 * when the zone's offset is the same from a day before to a day after: then the wall time has exactly
 * one instant. Undefined near a daylight-saving change (luxon decides there).
 */
function wallClockInstant(year: number, month: number, day: number, time: string, zone: string): Instant | undefined {
  const wall = Date.UTC(year, month - 1, day) + minutesOf(time) * 60_000;
  const instant = wall - offsetMinutes(wall, zone) * 60_000;
  const offset = offsetMinutes(instant, zone);
  if (offsetMinutes(instant - DAY, zone) !== offset || offsetMinutes(instant + DAY, zone) !== offset) return undefined;
  return wall - offset * 60_000;
}

/** A span of wall-clock hours on some weekdays, possibly across midnight (start after end). */
export interface DailySpan {
  start: string;
  end: string;
  days?: Weekday[];
}

const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;
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
