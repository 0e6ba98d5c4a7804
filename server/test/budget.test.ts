import { describe, expect, it } from 'vitest';
import { withinBudget } from '../src/runtime/budget.ts';

/** Slices on a clock of their own: each item takes `msEach`; `available` items are there to do. Records the sizes asked for. */
function slices(msEach: number, available = Infinity) {
  const asked: number[] = [];
  let left = available;
  let now = 0;
  const run = (n: number) => {
    asked.push(n);
    const did = Math.min(n, left);
    left -= did;
    now += did * msEach;
    return did;
  };
  return { asked, run, clock: () => now };
}

describe('work within a time budget', () => {
  it('stops after the slice that ran past the budget', () => {
    const { asked, run, clock } = slices(1);
    // Slices of 10 ms each: the third ends past 25 ms.
    expect(withinBudget(1000, 10, run, 25, clock)).toBe(30);
    expect(asked).toEqual([10, 10, 10]);
  });

  it('never does more than the limit, asking for the remainder last', () => {
    const { asked, run, clock } = slices(0);
    expect(withinBudget(25, 10, run, 25, clock)).toBe(25);
    expect(asked).toEqual([10, 10, 5]);
  });

  it('stops at a slice that was not full: nothing more to do', () => {
    const { asked, run, clock } = slices(0, 13);
    expect(withinBudget(1000, 10, run, 25, clock)).toBe(13);
    expect(asked).toEqual([10, 10]);
  });
});
