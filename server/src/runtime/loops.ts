import type { DeliverySettings } from '../channels/config.ts';
import { Dispatcher, type Deliver } from './dispatcher.ts';
import { RETENTION_REST_MS, type Retention } from './retention.ts';
import { timed } from './long-tasks.ts';
import type { Runtime } from './runtime.ts';

export interface LoopOptions {
  runtime: Runtime;
  deliver: Deliver;
  /** Lanes, rate limits and retries of the dispatcher (the channel configuration's `delivery`). */
  delivery: DeliverySettings;
  /** How often the scheduler and the dispatcher look for work when idle. */
  tickMs: number;
  /** Timers claimed per transaction, and outbox rows picked per query. */
  batchSize: number;
  /**
   * False on a manual clock: timers and date entries then fall due only when the clock is moved
   * (POST /api/clock fires them), so the scheduler does not run; the outbox still goes out.
   */
  timeMovesByItself?: boolean;
  /** Prunes old rows in small batches, resting between passes. */
  retention?: Retention;
  onError?: (error: unknown) => void;
}

/**
 * The background work of a running server: firing due timers (again at once while a batch found work),
 * sending the outbox (again at once when sends finish and free their lanes), backfilling the date
 * entries of a newly published date scenario (one short transaction per chunk, yielding to the event
 * loop between chunks). Returns a function that stops it all and resolves when the work in progress is done.
 */
export function startLoops(options: LoopOptions): () => Promise<void> {
  const { runtime, deliver, delivery, tickMs, batchSize, timeMovesByItself = true } = options;
  const onError = options.onError ?? ((error) => console.error(error));
  let stopped = false;
  const running: Array<Promise<void>> = [];
  // Sleeping loops by name, woken at once on stop (and the dispatcher when its lanes have room again).
  const sleepers = new Map<string, () => void>();
  const sleep = (name: string, ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(name);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.set(name, wake);
    });

  const loop = (name: string, body: () => Promise<number> | number, idleMs: (done: number) => number) => {
    const done = (async () => {
      while (!stopped) {
        let count = 0;
        try {
          count = await timed(name, body, (done) => (typeof done === 'number' ? done : undefined));
        } catch (error) {
          onError(new Error(`${name} loop: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
        }
        const wait = idleMs(count);
        await (wait > 0 ? sleep(name, wait) : new Promise((resolve) => setImmediate(resolve)));
      }
    })();
    running.push(done);
  };

  // Again at once while it found work: a batch can stop short of `batchSize` (date entries come in smaller ones).
  // Idle, the scheduler sleeps until the next row falls due, a tick at most (a row made meanwhile may be due sooner):
  // a timer fires on time, not up to a tick late.
  const untilNextDue = () => {
    try {
      const next = runtime.nextDueAt();
      return next === undefined ? tickMs : Math.min(tickMs, Math.max(1, next - runtime.clock.now()));
    } catch (error) {
      onError(error);
      return tickMs;
    }
  };
  if (timeMovesByItself) loop('scheduler', () => runtime.runDue(batchSize), (n) => (n > 0 ? 0 : untilNextDue()));
  // One dispatcher for the loop's life: its volume gate keeps capped scenario+channel pairs out of the query
  // until their day ends, its lanes know what is in flight.
  const dispatcher = new Dispatcher({
    db: runtime.db,
    deliver,
    now: () => runtime.clock.now(),
    settings: delivery,
    onFreed: () => sleepers.get('dispatcher')?.(),
    onError,
  });
  loop('dispatcher', () => dispatcher.dispatch(batchSize), (n) => (n >= batchSize ? 0 : tickMs));
  loop('entry backfill', () => runtime.backfillEntries(), (n) => (n > 0 ? 0 : tickMs));
  loop('segment membership', () => runtime.computeSegments(), (n) => (n > 0 ? 0 : tickMs));
  // Campaigns follow the clock like timers: on a manual clock, POST /api/clock runs them.
  if (timeMovesByItself) loop('campaigns', () => runtime.runCampaigns(), (n) => (n > 0 ? 0 : tickMs));
  const { retention } = options;
  if (retention) loop('retention', () => (retention.prune().more ? 1 : 0), (more) => (more ? 0 : RETENTION_REST_MS));

  return async () => {
    stopped = true;
    for (const wake of [...sleepers.values()]) wake();
    await Promise.all(running);
    await dispatcher.settled();
  };
}
