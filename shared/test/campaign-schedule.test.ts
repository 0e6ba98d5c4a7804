import { describe, expect, it } from 'vitest';
import { contactDueAt, nextRun, spreadOffset, type CampaignDefinition } from '../src/index.ts';

const at = (text: string) => Date.parse(text);
const timing = (schedule: CampaignDefinition['schedule'], timeZone = 'UTC', localTime = false) => ({ schedule, timeZone, localTime });

describe('campaign schedules', () => {
  it('runs monthly on the day, on the last day of a shorter month', () => {
    const monthly = timing({ repeat: 'monthly', day: 31, time: '09:00' });
    const first = nextRun(monthly, at('2026-01-10T00:00:00Z'));
    expect(first).toEqual({ day: '2026-01-31', at: at('2026-01-31T09:00:00Z') });
    expect(nextRun(monthly, first!.at, first!.day)?.day).toBe('2026-02-28');
    expect(nextRun(monthly, at('2026-03-01T00:00:00Z'), '2026-02-28')?.day).toBe('2026-03-31');
  });

  it('runs weekly on the weekday, at the time in the zone across a daylight-saving change', () => {
    const weekly = timing({ repeat: 'weekly', weekday: 'sun', time: '10:00' }, 'Europe/Paris');
    // 2026-03-29 is the Sunday Paris moves to summer time: 10:00 there is 08:00 UTC, a week before 09:00 UTC.
    expect(nextRun(weekly, at('2026-03-23T00:00:00Z'))).toEqual({ day: '2026-03-29', at: at('2026-03-29T08:00:00Z') });
    expect(nextRun(weekly, at('2026-03-16T00:00:00Z'))).toEqual({ day: '2026-03-22', at: at('2026-03-22T09:00:00Z') });
  });

  it('has one run once, none after it or once its time passed', () => {
    const once = timing({ repeat: 'once', date: '2026-02-01', time: '12:00' });
    expect(nextRun(once, at('2026-01-01T00:00:00Z'))?.day).toBe('2026-02-01');
    expect(nextRun(once, at('2026-02-01T12:00:00Z'), '2026-02-01')).toBeUndefined();
    expect(nextRun(once, at('2026-02-01T12:00:01Z'))).toBeUndefined();
  });

  it("at local time, starts when the zone furthest ahead reaches the time and puts each contact at their own", () => {
    const local = timing({ repeat: 'daily', time: '09:00' }, 'Europe/Paris', true);
    expect(nextRun(local, at('2026-01-04T12:00:00Z'), '2026-01-04')).toEqual({ day: '2026-01-05', at: at('2026-01-04T19:00:00Z') });
    const started = at('2026-01-04T19:00:00Z');
    expect(contactDueAt(local, '2026-01-05', started, 'Asia/Tokyo')).toBe(at('2026-01-05T00:00:00Z'));
    expect(contactDueAt(local, '2026-01-05', started, 'America/New_York')).toBe(at('2026-01-05T14:00:00Z'));
    expect(contactDueAt(local, '2026-01-05', started, null)).toBe(at('2026-01-05T08:00:00Z'));
    expect(contactDueAt(local, '2026-01-05', started, 'Not/AZone')).toBe(at('2026-01-05T08:00:00Z'));
  });

  it('spreads an audience evenly over the window', () => {
    expect([0, 1, 2, 3].map((i) => spreadOffset(i, 4, 3_600_000))).toEqual([0, 900_000, 1_800_000, 2_700_000]);
    expect(spreadOffset(9, 4, 3_600_000)).toBe(2_700_000);
    expect(spreadOffset(0, 1, 3_600_000)).toBe(0);
  });
});
