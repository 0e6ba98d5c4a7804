import type { Db } from '../db/open.ts';
import type { MessageStatus } from '../db/schema.ts';
import { pendingMessages, recordDelivery, type DeliveryOutcome, type OutboxMessage } from '../store/outbox.ts';
import { dayOf, publishedVolumeSettings, SENT_STATUSES, sentBetween, type VolumeSettings } from '../store/volume.ts';

export type { DeliveryOutcome, OutboxMessage };

/** The seam where transports plug in: one call per message, given its outbox row. */
export type Deliver = (message: OutboxMessage) => Promise<DeliveryOutcome>;

interface Pair {
  scenarioId: string;
  channel: string;
}

/**
 * Keeps each scenario's daily sends per channel under its volume caps (settings.volumeCaps, days in
 * its defaultTimeZone). A pair at its cap is left out of the dispatcher's query until its day ends,
 * so its held rows neither get sent nor make the dispatcher spin; they stay pending and go out,
 * oldest first, on the next day. Keep one gate per dispatcher loop: it remembers the day's counts.
 */
export class VolumeGate {
  /** Pairs at their cap, and when their day ends. */
  private readonly held = new Map<string, Pair & { until: number }>();
  /** Sends so far on a pair's current day, counted once from the outbox then kept up to date. */
  private readonly counts = new Map<string, { end: number; sent: number }>();
  /** Caps read for the current batch: a publish between batches may change them. */
  private readonly settings = new Map<string, VolumeSettings | undefined>();

  constructor(private readonly db: Db) {}

  /** Starts a batch: rereads caps and releases the pairs whose day ended or whose cap was raised. Returns the pairs still held. */
  begin(now: number): Pair[] {
    this.settings.clear();
    for (const [key, pair] of this.held) {
      const max = this.maxOf(pair);
      if (now >= pair.until || max === undefined || this.sentToday(key, pair, now).sent < max) this.held.delete(key);
    }
    return [...this.held.values()];
  }

  /** Whether one more message of this pair may go out now; when not, the pair is held until its day ends. */
  admit(message: OutboxMessage, now: number): boolean {
    const key = keyOf(message);
    if (this.held.has(key)) return false;
    const max = this.maxOf(message);
    if (max === undefined) return true;
    const today = this.sentToday(key, message, now);
    if (today.sent < max) return true;
    this.held.set(key, { scenarioId: message.scenarioId, channel: message.channel, until: today.end });
    return false;
  }

  /** Counts a message that went out (a failed one does not use up the cap). */
  record(message: OutboxMessage, status: MessageStatus): void {
    const count = this.counts.get(keyOf(message));
    if (count && SENT_STATUSES.includes(status)) count.sent += 1;
  }

  private maxOf(pair: Pair): number | undefined {
    if (!this.settings.has(pair.scenarioId)) this.settings.set(pair.scenarioId, publishedVolumeSettings(this.db, pair.scenarioId));
    return this.settings.get(pair.scenarioId)?.caps.find((cap) => cap.channel === pair.channel)?.maxPerDay;
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

/**
 * Sends pending outbox rows, oldest first, within the scenarios' volume caps, and records each
 * outcome. Returns how many were handed to `deliver`. Without a long-lived `gate` the caps still
 * hold, but each call finds the held pairs again. A crash between a delivery and its record
 * sends that message again on restart (at least once); transports get the idempotency key to let
 * the receiver drop the repeat.
 */
export async function dispatchPending(db: Db, deliver: Deliver, now: () => number, limit = 100, gate = new VolumeGate(db)): Promise<number> {
  const held = gate.begin(now());
  const pending = pendingMessages(db, held, limit);
  let delivered = 0;
  for (const message of pending) {
    if (!gate.admit(message, now())) continue;
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver(message);
    } catch (error) {
      outcome = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    recordDelivery(db, message, outcome, now());
    gate.record(message, outcome.status);
    delivered += 1;
  }
  return delivered;
}
