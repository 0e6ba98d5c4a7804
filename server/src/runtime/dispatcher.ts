import { isMessageChannel } from '@parcours/shared';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from '../channels/config.ts';
import { sharedByProcesses } from '../db/dialect.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { Lanes, type Lane } from '../delivery/lanes.ts';
import { earliestRetry, pendingMessages, recordDeliveries, releaseClaims, statusAfter, type Delivered, type DeliveryOutcome, type OutboxMessage } from '../store/outbox.ts';
import { VolumeGate } from './volume-gate.ts';

export type { DeliveryOutcome, OutboxMessage };
export { VolumeGate };

/** The seam where transports plug in: one call per message, given its outbox row. */
/** Sends one outbox row; `now` is the dispatcher's clock (the manual clock in acceptance tests). */
export type Deliver = (message: OutboxMessage, now: number) => Promise<DeliveryOutcome>;

export interface DispatcherOptions {
  db: Db;
  deliver: Deliver;
  /** The runtime's clock: due retries and rate-limit tokens are read against it. */
  now: () => number;
  settings?: DeliverySettings;
  /** Keeps the volume caps; give a long-lived one to keep its day counts between dispatchers. */
  gate?: VolumeGate;
  /** Outcomes written per transaction at most... */
  flushSize?: number;
  /** ...or after this long, whichever comes first. */
  flushMs?: number;
  /** Called when a send finished or a batch was written, freeing lanes or volume: the loop may pick more at once. */
  onFreed?: () => void;
  onError?: (error: unknown) => void;
}

/**
 * Sends the outbox: picks due pending rows, oldest first, whose lanes (channel, webhook host, rate limit) and
 * volume caps have room, sends each without waiting for the others (but one email, SMS or push to a contact at a
 * time), and writes the outcomes in batches, one transaction per batch. A transient failure becomes a later attempt on the row (see recordDeliveries).
 * On SQLite claims live in memory only: a row being sent stays pending in the database, so if the process dies
 * before its outcome is written it is picked and sent again after the restart. On PostgreSQL a pick claims its rows
 * in the database for `settings.claimMs`, so several workers never pick one row at once, and a dead worker's rows are
 * picked again once its claims expire. Either way at least once: transports pass the idempotency key so the
 * receiver can drop the repeat of a send whose outcome was never written.
 */
export class Dispatcher {
  private readonly db: Db;
  private readonly deliver: Deliver;
  private readonly now: () => number;
  private readonly settings: DeliverySettings;
  private readonly gate: VolumeGate;
  private readonly lanes: Lanes;
  private readonly flushSize: number;
  private readonly flushMs: number;
  private readonly inFlight = new Set<number>();
  /** Per contact, their email, SMS or push messages being sent (at most one: see `dispatch`). */
  private readonly busyContacts = new Set<string>();
  private readonly sending = new Set<Promise<void>>();
  private outcomes: Delivered[] = [];
  /**
   * When the earliest retry is due, null when none waits, undefined when it must be read again. On SQLite only this
   * dispatcher sets next attempts (one writer per database), so it knows when the retries' pick can find nothing
   * and skips it: that pick runs after every send, and most of them find no retry due. On PostgreSQL other workers
   * set them too, and their claims expire: it is read at every pick.
   */
  private nextRetryAt: number | null | undefined;
  private readonly soleSender: boolean;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly onError: (error: unknown) => void;

  constructor(private readonly options: DispatcherOptions) {
    this.db = options.db;
    this.deliver = options.deliver;
    this.now = options.now;
    this.settings = options.settings ?? DEFAULT_DELIVERY_SETTINGS;
    this.gate = options.gate ?? new VolumeGate(options.db);
    this.lanes = new Lanes(this.settings, options.now());
    this.flushSize = options.flushSize ?? 100;
    this.flushMs = options.flushMs ?? 5;
    this.soleSender = !sharedByProcesses(options.db.$client);
    this.onError = options.onError ?? ((error) => console.error(error));
  }

  /** Picks up to `limit` rows that may go now and starts sending them; returns how many it started, without waiting for them. */
  dispatch(limit: number): number {
    const now = this.now();
    const room = Math.min(limit, this.lanes.room(now));
    if (room === 0) return 0;
    const held = this.gate.begin(now);
    if (this.nextRetryAt === undefined || !this.soleSender) this.nextRetryAt = earliestRetry(this.db) ?? null;
    const retries = this.nextRetryAt !== null && this.nextRetryAt <= now;
    const rows = pendingMessages(
      this.db,
      now,
      {
        held,
        inFlight: [...this.inFlight],
        closedChannels: this.lanes.closedChannels(now),
        fullHosts: this.lanes.fullHosts(),
        busyContacts: [...this.busyContacts],
      },
      room,
      { retries, claimMs: this.settings.claimMs },
    );
    // Due retries may be left (in flight, held back, past the limit): the next pick reads the earliest again.
    if (retries) this.nextRetryAt = undefined;
    let started = 0;
    const left: number[] = [];
    for (const message of rows) {
      const lane = this.lanes.laneOf(message);
      // One message to a person at a time: delivery checks the contact's frequency choice against the messages
      // recorded as gone out, so a second one sent beside the first would not see it.
      const toPerson = isMessageChannel(message.channel);
      if ((toPerson && this.busyContacts.has(message.contactId)) || !this.lanes.canEnter(lane, now) || !this.gate.admit(message, now)) {
        left.push(message.id);
        continue;
      }
      if (toPerson) this.busyContacts.add(message.contactId);
      this.lanes.enter(lane, now);
      this.start(message, lane);
      started += 1;
    }
    // Picked but not sent now: claimed on PostgreSQL, given back so that the next pick (of any worker) may take them.
    if (left.length > 0 && !this.soleSender) releaseClaims(this.db, left);
    return started;
  }

  /** Resolves once every send started so far has its outcome written. */
  async settled(): Promise<void> {
    while (this.sending.size > 0) await Promise.all([...this.sending]);
    this.flush();
  }

  private start(message: OutboxMessage, lane: Lane): void {
    this.inFlight.add(message.id);
    const sending = this.send(message)
      .then((outcome) => {
        // The lane is free as soon as the destination answered (the loop may pick the next message at once);
        // the row stays claimed until its outcome is written.
        this.lanes.leave(lane);
        this.options.onFreed?.();
        this.outcomes.push({ message, outcome, at: this.now() });
        if (this.outcomes.length >= this.flushSize) this.flush();
        else this.flushTimer ??= setTimeout(() => this.flush(), this.flushMs);
      })
      .catch(this.onError)
      .finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  private async send(message: OutboxMessage): Promise<DeliveryOutcome> {
    try {
      return await this.deliver(message, this.now());
    } catch (error) {
      return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Writes the outcomes collected so far in one transaction, then releases their rows. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.outcomes;
    if (batch.length === 0) return;
    this.outcomes = [];
    let written = true;
    try {
      const nextAttempt = inTransaction(this.db, () => recordDeliveries(this.db, batch, this.settings.retry));
      if (nextAttempt !== undefined && this.nextRetryAt !== undefined) this.nextRetryAt = Math.min(this.nextRetryAt ?? nextAttempt, nextAttempt);
    } catch (error) {
      // The rows stay pending and are picked again: sent twice rather than lost.
      written = false;
      this.nextRetryAt = undefined;
      this.onError(error);
    }
    for (const { message, outcome } of batch) {
      this.gate.record(message, written ? statusAfter(message, outcome, this.settings.retry) : 'pending');
      this.inFlight.delete(message.id);
      if (isMessageChannel(message.channel)) this.busyContacts.delete(message.contactId);
    }
    this.options.onFreed?.();
  }
}

/**
 * Sends the pending rows that may go now, up to `limit`, and waits for their outcomes to be written; returns
 * how many were handed to `deliver`. For tests and tools; the server runs one long-lived Dispatcher instead.
 */
export async function dispatchPending(
  db: Db,
  deliver: Deliver,
  now: () => number,
  limit = 100,
  gate = new VolumeGate(db),
  settings: DeliverySettings = DEFAULT_DELIVERY_SETTINGS,
): Promise<number> {
  const dispatcher = new Dispatcher({ db, deliver, now, gate, settings });
  let handed = 0;
  while (handed < limit) {
    const started = dispatcher.dispatch(limit - handed);
    if (started === 0) break;
    handed += started;
    await dispatcher.settled();
  }
  return handed;
}
