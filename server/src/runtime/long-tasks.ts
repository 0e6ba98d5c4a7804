import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

/**
 * Background work and ingest ticks run on the thread that also answers every request: a job that holds
 * it for long is a stall every client feels. Jobs are timed here, and the server logs those over a
 * threshold (PARCOURS_LONG_TASK_MS), naming the job and how much it did, so a stall has a culprit.
 * Garbage collection pauses over the threshold are logged too: a job's time includes any pause it met.
 * So is any stall of the event loop itself, whatever held it (a request handler, a job and a pause in a row).
 */
let threshold = Infinity;
let report: (line: string) => void = () => {};
let collections: PerformanceObserver | undefined;
let stalls: { stop: () => void } | undefined;

/** How often the longest event-loop stall is read (and reported when over the threshold). */
export const STALL_WINDOW_MS = 1000;

const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Logs, through `write`, every timed job and garbage collection pause that runs longer than `ms` (0: off). */
export function watchLongTasks(ms: number, write: (line: string) => void): void {
  threshold = ms > 0 ? ms : Infinity;
  report = write;
  collections?.disconnect();
  collections = undefined;
  stalls?.stop();
  stalls = undefined;
  if (ms <= 0) return;
  stalls = watchStalls();
  collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.duration > threshold) report(`long task: garbage collection (${gcKind(entry)}) held the thread ${Math.round(entry.duration)} ms`);
    }
  });
  collections.observe({ entryTypes: ['gc'] });
}

/**
 * Reports, once per window, the longest time the event loop answered nothing in it, if over the threshold:
 * a timer that should fire every 10 ms fires that late.
 */
function watchStalls(): { stop: () => void } {
  const delays = monitorEventLoopDelay({ resolution: 10 });
  delays.enable();
  const reader = setInterval(() => {
    const longest = delays.max / 1e6;
    delays.reset();
    if (longest > threshold) report(`long task: the event loop was held ${Math.round(longest)} ms (the longest stall of the last second)`);
  }, STALL_WINDOW_MS).unref();
  return {
    stop: () => {
      clearInterval(reader);
      delays.disable();
    },
  };
}

/** A gc entry's `detail` holds its kind (not in this Node's types). */
const gcKind = (entry: PerformanceEntry & { detail?: { kind?: number } | null }) => GC_KINDS[entry.detail?.kind ?? -1] ?? 'other';

/**
 * Runs `job` and reports it if its synchronous part ran longer than the threshold (a promise it returns
 * is not waited for: only the time the thread was held counts); `items` says how much it did.
 */
export function timed<T>(name: string, job: () => T, items: (result: T) => number | undefined = () => undefined): T {
  const started = performance.now();
  const result = job();
  const ms = performance.now() - started;
  if (ms > threshold) {
    const done = items(result);
    report(`long task: ${name} held the thread ${Math.round(ms)} ms${done === undefined ? '' : ` (${done} items)`}`);
  }
  return result;
}
