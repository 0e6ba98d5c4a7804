import { describe, expect, test } from 'vitest';
import { bucketed, compareArms, conversionRevenue, funnel, isoToDay, pathTo, twoProportionTest, uplift, weekOf, dayToIso, wilsonInterval } from '../src/index.ts';

describe('Wilson interval at 95%', () => {
  test('30 of 100', () => {
    // By hand, z = 1.959964, z² = 3.841459, p = 0.3, n = 100:
    //   centre = (p + z²/2n) / (1 + z²/n) = (0.3 + 0.0192073) / 1.0384146 = 0.307399
    //   half   = z / (1 + z²/n) · √(p(1−p)/n + z²/4n²) = 1.887457 · √(0.0021 + 0.0000960) = 1.887457 · 0.0468619 = 0.088450
    //   → [0.218949, 0.395849]
    const interval = wilsonInterval(30, 100)!;
    expect(interval.low).toBeCloseTo(0.218949, 5);
    expect(interval.high).toBeCloseTo(0.395849, 5);
  });

  test('0 of 10 stays inside [0, 1], unlike the normal interval (which would be [0, 0])', () => {
    // centre = (0 + 3.841459/20) / (1 + 0.3841459) = 0.192073 / 1.384146 = 0.138766
    // half   = 1.959964 / 1.384146 · √(3.841459/400) = 1.416012 · 0.0979982 = 0.138766 → [0, 0.277533]
    const interval = wilsonInterval(0, 10)!;
    expect(interval.low).toBeCloseTo(0, 9);
    expect(interval.high).toBeCloseTo(0.277533, 5);
  });

  test('no trials: no interval', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('two-proportion z-test (pooled)', () => {
  test('60 of 500 against 40 of 500', () => {
    // pooled = 100/1000 = 0.1; se = √(0.1 · 0.9 · (1/500 + 1/500)) = √0.00036 = 0.0189737
    // z = (0.12 − 0.08) / 0.0189737 = 2.108185; p = 2 · (1 − Φ(2.108185)) = 2 · 0.0175075 = 0.035015
    const t = twoProportionTest({ successes: 60, trials: 500 }, { successes: 40, trials: 500 })!;
    expect(t.difference).toBeCloseTo(0.04, 12);
    expect(t.z).toBeCloseTo(2.108185, 5);
    expect(t.pValue).toBeCloseTo(0.035015, 5);
  });

  test('15 of 100 against 10 of 100 is not significant', () => {
    // pooled = 25/200 = 0.125; se = √(0.125 · 0.875 · 0.02) = √0.0021875 = 0.0467707
    // z = 0.05 / 0.0467707 = 1.069045; p = 2 · (1 − Φ(1.069045)) = 2 · 0.1425247 = 0.285049
    const t = twoProportionTest({ successes: 15, trials: 100 }, { successes: 10, trials: 100 })!;
    expect(t.z).toBeCloseTo(1.069045, 5);
    expect(t.pValue).toBeCloseTo(0.285049, 5);
  });

  test('nothing to test: an empty side, or no variation at all', () => {
    expect(twoProportionTest({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBeNull();
    expect(twoProportionTest({ successes: 0, trials: 5 }, { successes: 0, trials: 7 })).toBeNull();
  });
});

describe('arms of a split against the control', () => {
  test('the arm marked control is the baseline, whatever its place; uplift is relative', () => {
    // offer: 60/500 = 12%; holdout (control): 40/500 = 8%; uplift = (0.12 − 0.08) / 0.08 = +0.5
    const { baseline, arms } = compareArms([
      { id: 'offer', control: false, taken: 500, converted: 60, revenue: 0 },
      { id: 'holdout', control: true, taken: 500, converted: 40, revenue: 0 },
    ]);
    expect(baseline).toBe('holdout');
    expect(arms[0].uplift).toBeCloseTo(0.5, 12);
    expect(arms[0].test!.pValue).toBeCloseTo(0.035015, 5);
    expect(arms[1].test).toBeNull();
    expect(arms[1].uplift).toBeNull();
    expect(arms[1].rate).toBeCloseTo(0.08, 12);
  });

  test('without a control, the first arm is the baseline', () => {
    const { baseline } = compareArms([
      { id: 'a', control: false, taken: 10, converted: 1, revenue: 0 },
      { id: 'b', control: false, taken: 10, converted: 2, revenue: 0 },
    ]);
    expect(baseline).toBe('a');
  });

  test('uplift over a control that converted nobody is undefined', () => {
    expect(uplift(0.1, 0)).toBeNull();
  });
});

describe('daily figures in buckets', () => {
  test('weeks start on Monday', () => {
    expect(dayToIso(weekOf(isoToDay('2026-01-07')))).toBe('2026-01-05'); // a Wednesday
    expect(dayToIso(weekOf(isoToDay('2026-01-05')))).toBe('2026-01-05'); // a Monday
    expect(dayToIso(weekOf(isoToDay('2026-01-04')))).toBe('2025-12-29'); // a Sunday
  });

  test('every day of the range is there, quiet ones at zero; figures add up per week', () => {
    const rows = [
      { day: isoToDay('2026-01-05'), metric: 'entered', n: 2 },
      { day: isoToDay('2026-01-07'), metric: 'entered', n: 3 },
      { day: isoToDay('2026-01-12'), metric: 'entered', n: 1 },
      { day: isoToDay('2026-01-07'), metric: 'converted', n: 1 },
      { day: isoToDay('2026-01-07'), metric: 'not-asked', n: 9 },
    ];
    const from = isoToDay('2026-01-05');
    const to = isoToDay('2026-01-12');
    const days = bucketed(rows, ['entered', 'converted'] as const, from, to, 'day');
    expect(days.map((d) => d.entered)).toEqual([2, 0, 3, 0, 0, 0, 0, 1]);
    expect(days[2]).toEqual({ start: '2026-01-07', entered: 3, converted: 1 });
    expect(bucketed(rows, ['entered'] as const, from, to, 'week')).toEqual([
      { start: '2026-01-05', entered: 5 },
      { start: '2026-01-12', entered: 1 },
    ]);
  });
});

describe('funnel along a path', () => {
  test('counts, drop-off and rates between steps', () => {
    const reached: Record<string, number> = { start: 200, mail: 150, goal: 30 };
    expect(funnel(['start', 'mail', 'goal'], (n) => reached[n])).toEqual([
      { node: 'start', reached: 200, dropped: 0, fromPrevious: null, fromFirst: 1 },
      { node: 'mail', reached: 150, dropped: 50, fromPrevious: 0.75, fromFirst: 0.75 },
      { node: 'goal', reached: 30, dropped: 120, fromPrevious: 0.2, fromFirst: 0.15 },
    ]);
  });

  test('the path from the entry to a node is the shortest one', () => {
    const edges = [
      { source: 'start', target: 'wait' },
      { source: 'wait', target: 'mail' },
      { source: 'start', target: 'mail' },
      { source: 'mail', target: 'goal' },
      { source: 'other', target: 'goal' },
    ];
    expect(pathTo(['start'], 'goal', edges)).toEqual(['start', 'mail', 'goal']);
    expect(pathTo(['start'], 'other', edges)).toEqual([]);
    expect(pathTo(['start'], 'start', edges)).toEqual(['start']);
  });
});

describe('revenue of a conversion', () => {
  const run = (event: { name: string; properties: Record<string, unknown> } | undefined, history: Array<{ name: string; at: number; properties: Record<string, unknown> }> = []) => ({
    event: event && { ...event, at: 100, properties: event.properties as Record<string, never> },
    now: 100,
    enteredAt: 0,
    contact: { events: history.map((e) => ({ ...e, properties: e.properties as Record<string, never> })) },
  });

  test("the goal event's revenue, in hundredths; a numeric string counts, anything else earns nothing", () => {
    expect(conversionRevenue(run({ name: 'buy', properties: { revenue: 25.5 } }), { event: 'buy' })).toBe(2550);
    expect(conversionRevenue(run({ name: 'buy', properties: { revenue: '10.004' } }), { event: 'buy' })).toBe(1000);
    expect(conversionRevenue(run({ name: 'buy', properties: { revenue: 'a lot' } }), { event: 'buy' })).toBe(0);
    expect(conversionRevenue(run({ name: 'buy', properties: {} }), { event: 'buy' })).toBe(0);
  });

  test('the property the goal names, and the latest matching event when an earlier one converted', () => {
    const history = [
      { name: 'buy', at: 10, properties: { amount: 5 } },
      { name: 'buy', at: 50, properties: { amount: 7 } },
    ];
    expect(conversionRevenue(run({ name: 'visit', properties: {} }, history), { event: 'buy', revenueProperty: 'amount' })).toBe(700);
  });

  test('a goal without an event reads the event that moved the contact there', () => {
    expect(conversionRevenue(run({ name: 'paid', properties: { revenue: 3 } }), {})).toBe(300);
    expect(conversionRevenue(run(undefined), {})).toBe(0);
  });
});
