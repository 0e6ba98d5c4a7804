import { and, inArray, sql } from 'drizzle-orm';
import { dateAt, nextAnniversary } from '@parcours/shared';
import { contacts } from '../db/schema.ts';
import { lastEnrolment } from '../store/enrolments.ts';
import { reentryFrom, type Session } from './session.ts';

/**
 * How far back a sweep looks for date occurrences it has not acted on: a bit more than a day, so
 * a daily sweep (or a server down for a few hours) misses none, across daylight-saving changes.
 */
export const SWEEP_LOOKBACK = 26 * 3_600_000;

const DAY = 86_400_000;

/**
 * The calendar days (UTC, "YYYY-MM-DD") an attribute date can hold for its occurrence to fall due
 * around `now`, shifted by the entry's offset: two days back for the look-back and the zones behind
 * UTC, one ahead for the zones ahead of it. The sweep reads only contacts with such a date.
 */
function candidateDays(now: number, offsetDays: number): string[] {
  return [-2, -1, 0, 1].map((k) => new Date(now - offsetDays * DAY + k * DAY).toISOString().slice(0, 10));
}

/** "MM-DD" keys for yearly dates; 29 February stands for the 28th (or 1 March) of other years. */
function anniversaryKeys(days: string[]): string[] {
  const keys = new Set(days.map((d) => d.slice(5)));
  if (keys.has('02-28') || keys.has('03-01')) keys.add('02-29');
  return [...keys];
}

/**
 * Date-attribute entries (birthdays, renewals): enrols every contact whose date, in their own time
 * zone, fell due since the last sweep, once per occurrence and within the re-entry policy — the
 * rule the simulator applies. Safe to run as often as wanted. Returns how many contacts entered.
 */
export function sweepDates(session: Session): number {
  const before = session.enrolled;
  for (const live of session.versions.dateEntries()) {
    const { attribute, offsetDays, at, recurrence } = live.entry.config;
    const settings = live.compiled.scenario.settings;
    // SQLite's JSON paths cannot quote a '"': such an attribute name cannot be looked up in SQL.
    if (attribute.includes('"')) continue;
    const path = `$."${attribute}"`;
    const days = candidateDays(session.now, offsetDays);
    const date = sql`json_extract(${contacts.attributes}, ${path})`;
    const near = recurrence === 'yearly' ? inArray(sql`substr(${date}, 6, 5)`, anniversaryKeys(days)) : inArray(sql`substr(${date}, 1, 10)`, days);
    const candidates = session.db
      .select({ id: contacts.id, timeZone: contacts.timeZone, value: sql<unknown>`${date}` })
      .from(contacts)
      .where(and(sql`json_type(${contacts.attributes}, ${path}) = 'text'`, near))
      .all();
    for (const candidate of candidates) {
      if (typeof candidate.value !== 'string') continue;
      const zone = candidate.timeZone ?? settings.defaultTimeZone;
      const last = lastEnrolment(session.db, candidate.id, live.scenarioId);
      if (last?.status === 'active') continue;
      // One entry per occurrence: the next one counts from just after the last entry.
      const from = Math.max(session.now - SWEEP_LOOKBACK, last ? Math.max(reentryFrom(live, last), last.enteredAt + 1) : -Infinity);
      if (!Number.isFinite(from)) continue;
      const due = recurrence === 'yearly' ? nextAnniversary(candidate.value, zone, at, offsetDays, from) : dateAt(candidate.value, zone, at, offsetDays);
      if (due === null || due < from || due > session.now) continue;
      const state = session.contact(candidate.id)!;
      session.enter(state, live, 'date');
      session.settle(state);
    }
  }
  return session.enrolled - before;
}
