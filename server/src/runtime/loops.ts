import { dispatchPending, VolumeGate, type Deliver } from './dispatcher.ts';
import { RETENTION_REST_MS, type Retention } from './retention.ts';
import type { Runtime } from './runtime.ts';

export interface LoopOptions {
  runtime: Runtime;
  deliver: Deliver;
  /** How often the scheduler and the dispatcher look for work when idle. */
  tickMs: number;
  /** Timers claimed per transaction. */
  batchSize: number;
  /** How often the date-attribute sweep runs. */
  sweepMs: number;
  /**
   * False on a manual clock: timers and date entries then fall due only when the clock is moved
   * (POST /api/clock fires them), so the scheduler and the sweep do not run; the outbox still goes out.
   */
  timeMovesByItself?: boolean;
  /** Prunes old rows in small batches, resting between passes. */
  retention?: Retention;
  onError?: (error: unknown) => void;
}

/**
 * The background work of a running server: firing due timers (again at once while batches come
 * back full), sending the outbox, sweeping date entries. Returns a function that stops it all and
 * resolves when the work in progress is done.
 */
export function startLoops(options: LoopOptions): () => Promise<void> {
  const { runtime, deliver, tickMs, batchSize, sweepMs, timeMovesByItself = true } = options;
  const onError = options.onError ?? ((error) => console.error(error));
  let stopped = false;
  const running: Array<Promise<void>> = [];
  // Sleeping loops, woken at once on stop.
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });

  const loop = (name: string, body: () => Promise<number> | number, idleMs: (done: number) => number) => {
    const done = (async () => {
      while (!stopped) {
        let count = 0;
        try {
          count = await body();
        } catch (error) {
          onError(new Error(`${name} loop: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        }
        const wait = idleMs(count);
        await (wait > 0 ? sleep(wait) : new Promise((resolve) => setImmediate(resolve)));
      }
    })();
    running.push(done);
  };

  if (timeMovesByItself) loop('scheduler', () => runtime.runDue(batchSize), (n) => (n >= batchSize ? 0 : tickMs));
  // One gate for the loop's life: it keeps capped scenario+channel pairs out of the query until their day ends.
  const gate = new VolumeGate(runtime.db);
  loop('dispatcher', () => dispatchPending(runtime.db, deliver, () => runtime.clock.now(), batchSize, gate), (n) => (n >= batchSize ? 0 : tickMs));
  if (timeMovesByItself) loop('date sweep', () => runtime.sweepDates(), () => sweepMs);
  const { retention } = options;
  if (retention) loop('retention', () => (retention.prune().more ? 1 : 0), (more) => (more ? 0 : RETENTION_REST_MS));

  return async () => {
    stopped = true;
    for (const wake of [...sleepers]) wake();
    await Promise.all(running);
  };
}
