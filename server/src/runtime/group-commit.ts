import { isRetryable } from '../db/postgres/connection.ts';
import { timed } from './long-tasks.ts';
import type { Session } from './session.ts';

/** What one request's ingest call comes to once all its items are committed. */
export interface IngestResult {
  accepted: number;
  /** New enrolments the call caused. */
  enrolled: number;
}

/** A run of one request's items, applied in its own savepoint. */
export type Part = (session: Session) => void;
/** How a part fared: its new enrolments once its savepoint was released, or its error (rolled back alone). */
export type PartOutcome = { enrolled: number } | { error: unknown };
/**
 * Runs `fill` in ONE transaction; `fill` applies parts one by one through `apply`, each in its own
 * savepoint, and sees each outcome at once. Throws only if the transaction itself fails.
 */
export type ApplyGroup = (fill: (apply: (part: Part) => PartOutcome) => void) => void;

/**
 * Items applied in one savepoint at most: a request of up to this many items is applied all or nothing.
 * 100 items take 2-20 ms to apply, but up to 200 ms when each enrols a contact of a 1M base (bench:load).
 */
const CHUNK_ITEMS = 100;
/**
 * A tick starts no new chunk after this long, and a chunk of a bigger request ends at the first item
 * boundary past it, so another request waits behind a batch about this long (a 10,000-event batch over
 * HTTP on a loaded 2-core machine: health answered in 25-36 ms at the median while it was applied,
 * against 40-63 ms with 20 ms ticks), and a tick's commit is still shared by enough items to be cheap.
 */
const TICK_MS = 10;

interface Job<T> {
  items: T[];
  apply: (session: Session, item: T) => void;
  /** Items before this index are applied (committed, outside a tick). */
  next: number;
  enrolled: number;
  error?: { cause: unknown };
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for ingest. Concurrent requests queue their items; the queue is applied on the next
 * turn of the event loop (after the requests already read in this turn have queued theirs), in ONE
 * transaction, and each request's promise settles only after that commit: an acknowledged item is
 * durable. A commit per request was the biggest single cost of a tracked event over HTTP.
 *
 * Items are applied in chunks, each in its own savepoint, so a request that fails is rolled back alone
 * and its neighbours in the tick still commit. A request of up to CHUNK_ITEMS is one chunk; a bigger
 * one is cut in chunks of at most CHUNK_ITEMS that also end once the tick has run TICK_MS. A tick starts
 * no new chunk after TICK_MS, and serves the requests it has not started yet first: a small request
 * never waits for another's batch to finish, only for about one tick. A request of several chunks settles
 * once its last chunk commits; if a chunk fails, the chunks before it stay applied and the rest is dropped.
 */
export class GroupCommit {
  private queue: Array<Job<any>> = [];
  private scheduled = false;

  constructor(
    private readonly applyGroup: ApplyGroup,
    private readonly clock = () => performance.now(),
  ) {}

  /** Queues one request's items; resolves once they are all committed, rejects with the error of the first chunk that failed. */
  submit<T>(items: T[], apply: (session: Session, item: T) => void): Promise<IngestResult> {
    if (items.length === 0) return Promise.resolve({ accepted: 0, enrolled: 0 });
    return new Promise((resolve, reject) => {
      this.queue.push({ items, apply, next: 0, enrolled: 0, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.tick());
  }

  private tick(): void {
    this.scheduled = false;
    // Requests not started yet first; then those under way, the least recently served first.
    const order = [...this.queue.filter((job) => job.next === 0), ...this.queue.filter((job) => job.next > 0)];
    const served = new Set<Job<any>>();
    const deadline = this.clock() + TICK_MS;
    let applied = 0;
    const fill: Parameters<ApplyGroup>[0] = (apply) => {
      for (const job of order) {
        const whole = job.items.length <= CHUNK_ITEMS;
        while (!job.error && job.next < job.items.length && this.clock() < deadline) {
          const start = job.next;
          const last = Math.min(start + CHUNK_ITEMS, job.items.length);
          let end = start;
          const outcome = apply((session) => {
            do job.apply(session, job.items[end++]);
            while (end < last && (whole || this.clock() < deadline));
          });
          served.add(job);
          // Another process held a contact this part needed while waiting for one this tick held: the part goes again
          // in the next tick, after that process's commit.
          if ('error' in outcome && isRetryable(outcome.error)) break;
          if ('error' in outcome) job.error = { cause: outcome.error };
          else {
            job.enrolled += outcome.enrolled;
            applied += end - start;
            job.next = end;
          }
        }
      }
    };
    try {
      timed('ingest tick', () => this.applyGroup(fill), () => applied);
    } catch (error) {
      // The commit failed: nothing of this tick is stored.
      for (const job of served) job.error ??= { cause: error };
    }
    for (const job of served) {
      if (job.error) job.reject(job.error.cause);
      else if (job.next === job.items.length) job.resolve({ accepted: job.items.length, enrolled: job.enrolled });
    }
    const waiting = (job: Job<any>) => !job.error && job.next < job.items.length;
    this.queue = [...order.filter((job) => !served.has(job)), ...[...served].filter(waiting)];
    if (this.queue.length > 0) this.schedule();
  }
}
