import { and, eq, inArray, sql } from 'drizzle-orm';
import { MESSAGE_CHANNELS, type PressureChannel, type PressureRule, type RenderedContent, type SentMessage } from '@parcours/shared';
import { claimed, jsonEach, jsonField, jsonLength, worded } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { boundLimit, RawStatement } from '../db/raw-statement.ts';
import { messageCodec } from '../db/statements.ts';
import { perDatabase } from '../db/per-database.ts';
import { URL_HOST } from '../db/sql-functions.ts';
import { messages, type MessageStatus } from '../db/schema.ts';
import { retryDelay, type RetryPolicy } from '../channels/retry.ts';
import { DEFAULT_DELIVERY_SETTINGS } from '../channels/config.ts';
import { CounterDeltas } from './counters.ts';
import { CONFIRMATION_SCENARIO } from '../optin/consent-requests.ts';
import { recordBounce } from './feedback.ts';
import { SENT_STATUSES } from './volume.ts';

export type OutboxMessage = typeof messages.$inferSelect;

/** The rules delivery checks again just before a message goes out (the contact may have changed their mind since the engine decided). */
export type DeliveryRule = Extract<PressureRule, 'consent' | 'consent_pending' | 'suppressed' | 'topic' | 'frequency_choice'>;

/**
 * What a channel did with a message: a final status, or `retry` when it failed in a way worth another try
 * (the row then stays pending until its next attempt, or fails once its tries are spent).
 */
export interface DeliveryOutcome {
  status: Exclude<MessageStatus, 'pending'> | 'retry';
  reason?: string;
  /** What was (or would have been) sent, for the outbox view: subject and body, SMS text... */
  rendered?: RenderedContent;
  /** Which rule held a skipped message back at delivery. */
  rule?: DeliveryRule;
  /** The address the message went (or would have gone) to. */
  address?: string;
  /** The provider's id for a message that went out. */
  providerId?: string;
  /** The receiving server refused the recipient for good: a bounce on the node, and the address suppressed. */
  bounce?: 'hard';
}

/** What the dispatcher leaves out of its next pick: rows it is sending, and lanes that can take nothing now. */
export interface PendingFilter {
  /** (scenario, channel) pairs held at their volume cap. */
  held: Array<{ scenarioId: string; channel: string }>;
  /** Rows being sent right now (claims live in memory only: after a crash they are simply picked again). */
  inFlight: number[];
  /** Channels whose lane is full or out of rate-limit tokens. */
  closedChannels: string[];
  /** Webhook hosts whose lane is full. */
  fullHosts: string[];
  /** Contacts with a message (email, SMS, push) being sent: their next one waits for its outcome (see Dispatcher). */
  busyContacts: string[];
}

type PickParams = { held: string; inFlight: string; closedChannels: string; busyContacts: string; fullHosts: string; limit: number; now: number; until: number };
type OutcomeParams = Pick<OutboxMessage, 'id' | 'status' | 'reason' | 'rendered' | 'attempts' | 'sentAt' | 'nextAttemptAt' | 'address' | 'providerId'>;

/**
 * The dispatcher's statements, prepared once: its two picks, the filter's lists bound as JSON arrays, and the
 * write of an outcome. It picks a few rows after every send (as many as its lanes have room for), and drizzle
 * building these at each pick and each outcome cost about two thirds of its time, a fifth of the server's thread
 * at 1,500 tasks a second (CPU profile of bench:load). A list's test is skipped when it is empty, so no row runs
 * the host function or a subquery for nothing.
 */
function prepareDelivery(db: Db) {
  // SQL names a webhook row's host, so the rows of a full host are left out of the query rather than scanned.
  const toPerson = MESSAGE_CHANNELS.map((channel) => `'${channel}'`).join(', ');
  const connection = db.$client;
  const host = `${URL_HOST}(${jsonField(connection, 'webhook', 'url')})`;
  const empty = (list: string) => `${jsonLength(connection, list)} = 0`;
  const each = (list: string, as: 'json' | 'text' | 'bigint' = 'text') => `SELECT value FROM ${jsonEach(connection, list, as)}`;
  const filter = `status = 'pending'
    AND (${empty('@held')} OR NOT EXISTS (SELECT 1 FROM ${jsonEach(connection, '@held', 'json')} WHERE value ->> 0 = scenario_id AND value ->> 1 = channel))
    AND (${empty('@inFlight')} OR id NOT IN (${each('@inFlight', 'bigint')}))
    AND (${empty('@closedChannels')} OR channel NOT IN (${each('@closedChannels')}))
    AND (${empty('@busyContacts')} OR channel NOT IN (${toPerson}) OR contact_id NOT IN (${each('@busyContacts')}))
    AND (${empty('@fullHosts')} OR channel <> 'webhook' OR ${host} IS NULL OR ${host} NOT IN (${each('@fullHosts')}))`;
  // On PostgreSQL, where several workers send, a pick claims its rows until `until` (committed before they are sent),
  // skipping rows another worker is picking at that instant and rows still claimed.
  const pick = (where: string, order: string) =>
    new RawStatement<PickParams, OutboxMessage>(
      db.$client.prepare(
        worded(connection, {
          sqlite: `SELECT ${messageCodec.select()} FROM messages WHERE ${filter} AND ${where} ORDER BY ${order} ${boundLimit()}`,
          postgres: `UPDATE messages SET claimed_until = @until WHERE id IN (SELECT id FROM messages
            WHERE ${filter} AND ${where} AND (claimed_until IS NULL OR claimed_until <= @now) ORDER BY ${order} ${boundLimit()} ${claimed(connection)})
            RETURNING ${messageCodec.select()}`,
        }),
      ),
      messageCodec,
    );
  return {
    fresh: pick('next_attempt_at IS NULL', 'id'),
    retries: pick('next_attempt_at <= @now', 'next_attempt_at'),
    earliestRetry: db.$client.prepare<[], number | null>(`SELECT min(next_attempt_at) FROM messages WHERE status = 'pending' AND next_attempt_at IS NOT NULL`).pluck(),
    releaseClaims: new RawStatement<{ ids: string }>(
      db.$client.prepare(`UPDATE messages SET claimed_until = NULL WHERE id IN (SELECT value FROM ${jsonEach(connection, '@ids', 'bigint')})`),
    ),
    recordOutcome: new RawStatement<OutcomeParams>(
      db.$client.prepare(`UPDATE messages SET status = @status, reason = @reason, rendered = @rendered, attempts = @attempts, sent_at = @sentAt,
        next_attempt_at = @nextAttemptAt, address = @address, provider_id = @providerId, claimed_until = NULL WHERE id = @id`),
      messageCodec,
    ),
  };
}

const deliveryStatements = perDatabase(prepareDelivery);

/**
 * Up to `limit` pending outbox rows whose next attempt is due, oldest first, leaving out what `filter` names.
 * Fresh rows (no next attempt) and due retries are read apart, each in the order of the index on (status,
 * next_attempt_at, id), so retries waiting for later are never scanned; `retries: false` leaves the retries
 * unread, for a caller that knows none is due (see earliestRetry). On PostgreSQL the rows returned are claimed for
 * `claimMs` (see messages.claimedUntil).
 */
export function pendingMessages(db: Db, now: number, filter: PendingFilter, limit: number, { retries = true, claimMs = DEFAULT_DELIVERY_SETTINGS.claimMs } = {}): OutboxMessage[] {
  const pick = deliveryStatements(db);
  const params = {
    now,
    until: now + claimMs,
    held: JSON.stringify(filter.held.map((pair) => [pair.scenarioId, pair.channel])),
    inFlight: JSON.stringify(filter.inFlight),
    closedChannels: JSON.stringify(filter.closedChannels),
    busyContacts: JSON.stringify(filter.busyContacts),
    fullHosts: JSON.stringify(filter.fullHosts),
    limit,
  };
  const fresh = pick.fresh.all(params);
  // PostgreSQL returns an UPDATE's rows in no particular order.
  const byId = (a: OutboxMessage, b: OutboxMessage) => a.id - b.id;
  if (!retries) return fresh.sort(byId);
  return [...fresh, ...pick.retries.all(params)].sort(byId).slice(0, limit);
}

/** Gives back the claims on rows picked and not sent (PostgreSQL: see pendingMessages). */
export function releaseClaims(db: Db, ids: number[]): void {
  deliveryStatements(db).releaseClaims.run({ ids: JSON.stringify(ids) });
}

/** When the earliest pending retry is due (undefined: none waits), read from the index's first retry row. */
export function earliestRetry(db: Db): number | undefined {
  return deliveryStatements(db).earliestRetry.get() ?? undefined;
}

/** An outcome to write: the row as it was picked, and when the try ended. */
export interface Delivered {
  message: OutboxMessage;
  outcome: DeliveryOutcome;
  at: number;
}

/** The status a try leaves the row in: a retry stays pending until its tries are spent, then fails with its last reason. */
export function statusAfter(message: OutboxMessage, outcome: DeliveryOutcome, policy: RetryPolicy): Exclude<MessageStatus, 'pending'> | 'pending' {
  if (outcome.status !== 'retry') return outcome.status;
  return message.attempts + 1 >= policy.attempts ? 'failed' : 'pending';
}

/**
 * Records what delivery did with messages, all in the caller's transaction: status, why, what was sent,
 * when it went out, and for a retry the time of the next attempt (exponential backoff on the tries so far).
 * A row that fails or is skipped moves from its node's `sent` count to `failed` or `skipped`, in the same
 * transaction, so the canvas never shows a failed send as sent. Returns the earliest next attempt it set, if any.
 */
export function recordDeliveries(db: Db, delivered: Delivered[], policy: RetryPolicy): number | undefined {
  const { recordOutcome } = deliveryStatements(db);
  const counters = new CounterDeltas();
  let earliestNext: number | undefined;
  for (const { message, outcome, at } of delivered) {
    const attempts = message.attempts + 1;
    const status = statusAfter(message, outcome, policy);
    const nextAttemptAt = status === 'pending' ? at + retryDelay(attempts, policy) : null;
    if (nextAttemptAt !== null) earliestNext = Math.min(earliestNext ?? nextAttemptAt, nextAttemptAt);
    // A confirmation (double opt-in) belongs to no journey: no node counts it.
    if ((status === 'failed' || status === 'skipped') && message.scenarioId !== CONFIRMATION_SCENARIO) counters.delivery(message, status, outcome.rule ?? 'consent');
    recordOutcome.run({
      id: message.id,
      status,
      reason: outcome.reason ?? null,
      rendered: outcome.rendered ?? null,
      attempts,
      sentAt: SENT_STATUSES.includes(status as MessageStatus) ? at : null,
      nextAttemptAt,
      address: outcome.address ?? null,
      providerId: outcome.providerId ?? null,
    });
    if (outcome.bounce === 'hard') recordBounce(db, { ...message, address: outcome.address ?? null }, 'hard', 'smtp', at, counters);
  }
  counters.flush(db);
  return earliestNext;
}

/**
 * The contact's messages that went out (sent or sandboxed), decided since `since`, as frequency rules count them: at
 * the instant the engine decided them, like the engine's own count. What delivery reads to check the contact's
 * frequency choice again; rows still pending are left out, so of two held by a choice made meanwhile the first goes.
 */
export function goneOutSince(db: Db, contactId: string, since: number): SentMessage[] {
  return db
    .select({ channel: messages.channel, at: messages.createdAt, scenarioId: messages.scenarioId, transactional: messages.transactional })
    .from(messages)
    .where(and(eq(messages.contactId, contactId), sql`${messages.createdAt} >= ${since}`, inArray(messages.status, SENT_STATUSES)))
    .all()
    .map(({ channel, transactional, ...m }) => ({ ...m, channel: channel as PressureChannel, ...(transactional ? { transactional: true } : {}) }));
}
