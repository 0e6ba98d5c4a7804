import { sharedByProcesses } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import type { MessageStatus } from '../db/schema.ts';
import type { OutboxMessage } from '../store/outbox.ts';
import { dayOf, publishedVolumeSettings, SENT_STATUSES, sentBetween, type VolumeSettings } from '../store/volume.ts';

export interface Pair {
  scenarioId: string;
  channel: string;
}

/**
 * Keeps each scenario's daily sends per channel under its volume caps (settings.volumeCaps, days in
 * its defaultTimeZone). A pair at its cap is left out of the dispatcher's query until its day ends,
 * so its held rows neither get sent nor make the dispatcher spin; they stay pending and go out,
 * oldest first, on the next day. Keep one gate per dispatcher loop: it remembers the day's counts (on SQLite;
 * on PostgreSQL, where several workers send, it counts the day's sends again at each batch, so the workers together
 * stay under the cap but for the messages other workers have on their way at that instant).
 */
export class VolumeGate {
  /** Pairs at their cap, and when their day ends. */
  private readonly held = new Map<string, Pair & { until: number }>();
  /** Sends so far on a pair's current day, counted once from the outbox then kept up to date. */
  private readonly counts = new Map<string, { end: number; sent: number }>();
  /** Messages admitted and not yet recorded: they may all go out, so they count against the cap meanwhile. */
  private readonly inFlight = new Map<string, number>();
  /** Caps read for the current batch: a publish between batches may change them. */
  private readonly settings = new Map<string, VolumeSettings | undefined>();

  /** On PostgreSQL other workers send too: the day's counts are read again at every batch rather than kept. */
  private readonly shared: boolean;

  constructor(private readonly db: Db) {
    this.shared = sharedByProcesses(db.$client);
  }

  /** Starts a batch: rereads caps and releases the pairs whose day ended or whose cap was raised. Returns the pairs still held. */
  begin(now: number): Pair[] {
    this.settings.clear();
    if (this.shared) this.counts.clear();
    for (const [key, pair] of this.held) {
      const max = this.maxOf(pair);
      if (now >= pair.until || max === undefined || this.usedToday(key, pair, now) < max) this.held.delete(key);
    }
    return [...this.held.values()];
  }

  /**
   * Whether one more message of this pair may go out now, counting those already on their way; when not, the
   * pair is held until its day ends. An admitted message must be `record`ed once its outcome is written.
   */
  admit(message: OutboxMessage, now: number): boolean {
    const key = keyOf(message);
    if (this.held.has(key)) return false;
    const max = this.maxOf(message);
    if (max !== undefined && this.usedToday(key, message, now) >= max) {
      this.held.set(key, { scenarioId: message.scenarioId, channel: message.channel, until: this.sentToday(key, message, now).end });
      return false;
    }
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    return true;
  }

  /**
   * Counts an admitted message whose outcome was just written (a failed or retried one does not use up the cap).
   * Call it in the same synchronous step as the write, so a later count from the outbox cannot see it twice.
   */
  record(message: OutboxMessage, status: MessageStatus): void {
    const key = keyOf(message);
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
    const count = this.counts.get(key);
    if (count && SENT_STATUSES.includes(status)) count.sent += 1;
  }

  private maxOf(pair: Pair): number | undefined {
    if (!this.settings.has(pair.scenarioId)) this.settings.set(pair.scenarioId, publishedVolumeSettings(this.db, pair.scenarioId));
    return this.settings.get(pair.scenarioId)?.caps.find((cap) => cap.channel === pair.channel)?.maxPerDay;
  }

  private usedToday(key: string, pair: Pair, now: number): number {
    return this.sentToday(key, pair, now).sent + (this.inFlight.get(key) ?? 0);
  }

  private sentToday(key: string, pair: Pair, now: number): { end: number; sent: number } {
    const day = dayOf(now, this.settings.get(pair.scenarioId)?.timeZone ?? 'UTC');
    let count = this.counts.get(key);
    if (!count || count.end !== day.end) {
      count = { end: day.end, sent: sentBetween(this.db, pair.scenarioId, pair.channel, day.start, day.end) };
      this.counts.set(key, count);
    }
    return count;
  }
}

const keyOf = (pair: Pair) => `${pair.scenarioId}\u0000${pair.channel}`;

