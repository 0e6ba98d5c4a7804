import type { ManualClock } from '../clock.ts';
import type { Runtime } from './runtime.ts';

/**
 * Moves a manual clock forward to `target` as if that time had passed on a running server: pending
 * membership of segments just saved, then the entry backfills (a saved segment entry's waits for its segment's) finish first, then the clock stops at each due instant in turn (timers, date
 * entries, segment re-checks; earliest first) to fire what is due then, and rests at `target`.
 * Synchronous: nothing else runs on the server meanwhile.
 */
export function advanceClock(runtime: Runtime, clock: ManualClock, target: number): void {
  while (runtime.computeSegments() > 0);
  while (runtime.backfillEntries() > 0);
  for (;;) {
    const stop = Math.min(runtime.nextDueAt() ?? Infinity, target);
    clock.set(Math.max(clock.now(), stop));
    while (runtime.runDue() > 0);
    if (stop === target && (runtime.nextDueAt() ?? Infinity) > target) return;
  }
}
