import type { Session } from './session.ts';

/** What one request's ingest call comes to once all its items are committed. */
export interface IngestResult {
  accepted: number;
  /** New enrolments the call caused. */
  enrolled: number;
}

/** One part of a tick: a run of one request's items, applied in its own savepoint. */
export type Part = (session: Session) => void;
/** How a part fared: its new enrolments once its savepoint was released, or its error (rolled back). */
export type PartOutcome = { enrolled: number } | { error: unknown };
/** Applies the parts of a tick in ONE transaction, each in a savepoint; throws only if the commit itself fails. */
export type ApplyParts = (parts: Part[]) => PartOutcome[];

export interface GroupCommitOptions {
  /** Items applied per tick at most, over all requests: bounds how long a tick holds the thread. */
  tickItems: number;
  /** Items of one request applied per tick at most: a big batch goes in chunks, between other requests' items. */
  chunkItems: number;
}

/** About 250 events take 5-15 ms to apply: a tick stays far below 50 ms even with journeys listening. */
export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { tickItems: 500, chunkItems: 250 };

interface Job<T> {
  items: T[];
  apply: (session: Session, item: T) => void;
  /** Items before this index are committed. */
  next: number;
  enrolled: number;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for ingest. Concurrent requests queue their items; the queue is applied on the next
 * turn of the event loop (after the requests already read in this turn have queued theirs), in ONE
 * transaction, and each request's promise settles only after that commit: an acknowledged item is
 * durable. A commit per request was the biggest single cost of a tracked event over HTTP.
 *
 * Each request's run of items is its own savepoint, so a request that fails is rolled back alone and
 * its neighbours in the tick still commit. A request larger than `chunkItems` is applied over several
 * ticks, one chunk per tick, behind the requests that were not served yet: a small request never waits
 * for another's batch, only for one chunk of it. Such a request settles once its last chunk commits;
 * if a chunk fails, the chunks before it stay committed and the rest is dropped.
 */
export class GroupCommit {
  private queue: Array<Job<any>> = [];
  private scheduled = false;

  constructor(
    private readonly applyParts: ApplyParts,
    private readonly options: GroupCommitOptions = DEFAULT_GROUP_COMMIT,
  ) {}

  /** Queues one request's items; resolves once they are all committed, rejects with the error of the first one that failed. */
  submit<T>(items: T[], apply: (session: Session, item: T) => void): Promise<IngestResult> {
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
    const served: Array<{ job: Job<any>; end: number }> = [];
    let budget = this.options.tickItems;
    for (const job of this.queue) {
      if (budget <= 0) break;
      const end = job.next + Math.min(job.items.length - job.next, this.options.chunkItems, budget);
      served.push({ job, end });
      budget -= end - job.next;
    }
    const parts = served.map(({ job, end }): Part => (session) => {
      for (let i = job.next; i < end; i++) job.apply(session, job.items[i]);
    });

    const done = new Set<Job<any>>();
    let outcomes: PartOutcome[];
    try {
      outcomes = this.applyParts(parts);
    } catch (error) {
      outcomes = parts.map(() => ({ error }));
    }
    outcomes.forEach((outcome, i) => {
      const { job, end } = served[i];
      if ('error' in outcome) {
        job.reject(outcome.error);
        done.add(job);
        return;
      }
      job.enrolled += outcome.enrolled;
      job.next = end;
      if (end === job.items.length) {
        job.resolve({ accepted: job.items.length, enrolled: job.enrolled });
        done.add(job);
      }
    });
    // Requests not served this tick go first next time; those served with items left go behind them.
    const unserved = this.queue.slice(served.length);
    const partly = served.map(({ job }) => job).filter((job) => !done.has(job));
    this.queue = [...unserved, ...partly];
    if (this.queue.length > 0) this.schedule();
  }
}
