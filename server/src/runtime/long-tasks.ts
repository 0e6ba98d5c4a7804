/**
 * Background work and ingest ticks run on the thread that also answers every request: a job that holds
 * it for long is a stall every client feels. Jobs are timed here, and the server logs those over a
 * threshold (PARCOURS_LONG_TASK_MS), naming the job and how much it did, so a stall has a culprit.
 */
let threshold = Infinity;
let report: (line: string) => void = () => {};

/** Logs, through `write`, every timed job that runs longer than `ms` (0: off). */
export function watchLongTasks(ms: number, write: (line: string) => void): void {
  threshold = ms > 0 ? ms : Infinity;
  report = write;
}

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
