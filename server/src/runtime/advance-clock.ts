import type { ManualClock } from '../clock.ts';
import type { Runtime } from './runtime.ts';

/** The densest sweep schedule an advance follows, so that moving a year stays quick whatever the sweep interval. */
const MIN_SWEEP_EVERY = 15 * 60_000;

/**
 * Moves a manual clock forward to `target` as if that time had passed on a running server: the clock
 * stops at each timer's due instant in turn (earliest first) to fire the timers due then, and at every
 * sweep interval of moved time (at least every `sweepEveryMs`, at most every 15 minutes) to sweep date
 * entries, then rests at `target`, where due timers fire and dates are swept once more. Synchronous:
 * nothing else runs on the server meanwhile.
 */
export function advanceClock(runtime: Runtime, clock: ManualClock, target: number, sweepEveryMs: number): void {
  const sweepEvery = Math.max(sweepEveryMs, MIN_SWEEP_EVERY);
  let nextSweep = clock.now() + sweepEvery;
  for (;;) {
    const due = runtime.nextDueAt() ?? Infinity;
    const stop = Math.min(due, nextSweep, target);
    clock.set(Math.max(clock.now(), stop));
    while (runtime.runDue() > 0);
    if (stop === nextSweep || stop === target) runtime.sweepDates();
    if (stop === nextSweep) nextSweep += sweepEvery;
    if (stop === target && (runtime.nextDueAt() ?? Infinity) > target) return;
  }
}
