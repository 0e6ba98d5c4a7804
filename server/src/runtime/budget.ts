/**
 * How long one background transaction may hold the only thread before it commits and lets requests in.
 * The target is no stall over 50 ms; a job overruns this by at most one slice, and one slice of timers
 * or backfilled contacts takes a few ms on a quiet machine (several times that on a loaded one).
 */
export const JOB_BUDGET_MS = 20;

/**
 * Runs `run(n)` for slices of at most `slice` items, again while the last slice was full, fewer than
 * `limit` were done and the budget lasts; returns how many were done. A full batch of a fixed size was
 * 60-240 ms of work at 1M contacts (the date entries of a newly published scenario), so the size of a
 * transaction is set by time, not by count.
 */
export function withinBudget(limit: number, slice: number, run: (n: number) => number, budgetMs = JOB_BUDGET_MS, clock = () => performance.now()): number {
  const deadline = clock() + budgetMs;
  let done = 0;
  while (done < limit) {
    const n = Math.min(slice, limit - done);
    const did = run(n);
    done += did;
    if (did < n || clock() >= deadline) break;
  }
  return done;
}
