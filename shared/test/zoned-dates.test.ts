import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dateAt, nextAnniversary } from '../src/time/zoned.ts';

/** Luxon alone, as the date functions were before their fast path: the reference they must equal. */
const at = (day: DateTime, time: string) => day.set({ hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)), second: 0, millisecond: 0 });
function referenceDateAt(date: string, zone: string, time: string, offsetDays: number): number | null {
  const day = DateTime.fromISO(date.length > 10 ? date.slice(0, 10) : date, { zone });
  return day.isValid ? at(day.plus({ days: offsetDays }), time).toMillis() : null;
}
function referenceAnniversary(date: string, zone: string, time: string, offsetDays: number, from: number): number | null {
  const base = DateTime.fromISO(date.slice(0, 10), { zone });
  if (!base.isValid) return null;
  const local = DateTime.fromMillis(from, { zone });
  const fromYear = (local.isValid ? local : DateTime.fromMillis(from, { zone: 'UTC' })).year;
  for (let year = fromYear - 1; year <= fromYear + 1; year++) {
    const due = at(base.set({ year }).plus({ days: offsetDays }), time).toMillis();
    if (due >= from) return due;
  }
  return null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
// Zones with and without daylight saving, both hemispheres, a half-hour and a 45-minute offset, and an unknown one.
const zone = fc.constantFrom('UTC', 'Europe/Paris', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago', 'Mars/Olympus');
// Calendar days, some not real (30 February, 31 April, 29 February of a common year), and other ISO shapes.
const date = fc.oneof(
  fc.tuple(fc.integer({ min: 1950, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
  fc.constantFrom('1992-02-29', '1990-02-29', '2026-03-08T10:00:00Z', '2026-W10-1', '0099-01-01', 'soon'),
  // Birthdays on the days the clocks change in 2026 (and a day either side, with the offsets).
  fc.constantFrom('1980-03-08', '1985-03-29', '1990-10-25', '1975-04-05', '1999-10-04', '2001-11-01', '1988-09-27'),
);
// Times of day including the hours daylight-saving changes skip or repeat.
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 30, 59)).map(([h, m]) => `${pad(h)}:${pad(m)}`);
// Instants around 2026 and 2027, many on the days the clocks change.
const from = fc.oneof(
  fc.integer({ min: Date.parse('2025-12-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
  fc.constantFrom('2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01').chain((day) => fc.integer({ min: -36, max: 36 }).map((h) => Date.parse(`${day}T12:00:00Z`) + h * 3_600_000)),
);

describe('date entry instants', () => {
  it('the next anniversary equals the luxon computation, daylight-saving changes and unusable dates included', () => {
    fc.assert(
      fc.property(date, zone, time, fc.integer({ min: -3, max: 3 }), from, (d, z, t, offset, f) => {
        expect(nextAnniversary(d, z, t, offset, f)).toBe(referenceAnniversary(d, z, t, offset, f));
      }),
      { numRuns: 3000 },
    );
  });

  it('a one-off date equals the luxon computation', () => {
    fc.assert(
      fc.property(date, zone, time, fc.integer({ min: -3, max: 3 }), (d, z, t, offset) => {
        expect(dateAt(d, z, t, offset)).toBe(referenceDateAt(d, z, t, offset));
      }),
      { numRuns: 3000 },
    );
  });
});
