import type { ManualClock } from '../clock.ts';
import type { Runtime } from './runtime.ts';

/**
 * Moves a manual clock forward to `target` as if that time had passed on a running server: pending
 * membership of segments just saved, then the entry backfills (a saved segment entry's waits for its segment's) finish first, then the clock stops at each due instant in turn (timers, date
 * entries, segment re-checks, campaign runs and their members; earliest first) to fire what is due then, and rests at `target`.
 * Synchronous: nothing else runs on the server meanwhile.
 */
export function advanceClock(runtime: Runtime, clock: ManualClock, target: number): void {
  while (runtime.computeSegments() > 0);
  while (runtime.backfillEntries() > 0);
  const nextAt = () => Math.min(runtime.nextDueAt() ?? Infinity, runtime.nextCampaignAt() ?? Infinity);
  for (;;) {
    const stop = Math.min(nextAt(), target);
    clock.set(Math.max(clock.now(), stop));
    while (runtime.runCampaigns() > 0);
    while (runtime.runDue() > 0);
    if (stop === target && nextAt() > target) return;
  }
}
