import { dispatchPending, VolumeGate, type Deliver } from './dispatcher.ts';
import type { Runtime } from './runtime.ts';

export interface LoopOptions {
  runtime: Runtime;
  deliver: Deliver;
  /** How often the scheduler and the dispatcher look for work when idle. */
  tickMs: number;
  /** Timers claimed per transaction. */
  batchSize: number;
  /**
   * False on a manual clock: timers and date entries then fall due only when the clock is moved
   * (POST /api/clock fires them), so the scheduler does not run; the outbox still goes out.
   */
  timeMovesByItself?: boolean;
  onError?: (error: unknown) => void;
}

/**
 * The background work of a running server: firing due timers (again at once while a batch found work),
 * sending the outbox, backfilling the date entries of a newly published date scenario (one short
 * transaction per chunk, yielding to the event loop between chunks). Returns a function that stops it
 * all and resolves when the work in progress is done.
 */
export function startLoops(options: LoopOptions): () => Promise<void> {
  const { runtime, deliver, tickMs, batchSize, timeMovesByItself = true } = options;
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

  // Again at once while it found work: a batch can stop short of `batchSize` (date entries come in smaller ones).
  if (timeMovesByItself) loop('scheduler', () => runtime.runDue(batchSize), (n) => (n > 0 ? 0 : tickMs));
  // One gate for the loop's life: it keeps capped scenario+channel pairs out of the query until their day ends.
  const gate = new VolumeGate(runtime.db);
  loop('dispatcher', () => dispatchPending(runtime.db, deliver, () => runtime.clock.now(), batchSize, gate), (n) => (n >= batchSize ? 0 : tickMs));
  loop('date backfill', () => runtime.backfillDates(), (n) => (n > 0 ? 0 : tickMs));

  return async () => {
    stopped = true;
    for (const wake of [...sleepers]) wake();
    await Promise.all(running);
  };
}
