import { and, asc, eq, inArray, isNull, lte, not, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { MESSAGE_CHANNELS, type PressureChannel, type PressureRule, type RenderedContent, type SentMessage } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { messages, type MessageStatus } from '../db/schema.ts';
import { retryDelay, type RetryPolicy } from '../channels/retry.ts';
import { CounterDeltas } from './counters.ts';
import { CONFIRMATION_SCENARIO } from '../optin/consent-requests.ts';
import { recordBounce } from './feedback.ts';
import { messagesOf, SENT_STATUSES } from './volume.ts';

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

/** The SQL function that reads the host of a webhook row's URL (registered by `registerUrlHost`). */
const URL_HOST = 'parcours_url_host';

/** The host (and port) of a URL, null when it is not one: the lane of a webhook row. */
export function urlHost(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** Lets SQL name a webhook row's host, so the rows of a full host are left out of the query rather than scanned. */
export function registerUrlHost(db: Db): void {
  db.$client.function(URL_HOST, { deterministic: true }, (url: unknown) => urlHost(typeof url === 'string' ? url : null));
}

/**
 * Up to `limit` pending outbox rows whose next attempt is due, oldest first, leaving out what `filter` names.
 * Fresh rows (no next attempt) and due retries are read apart, each in the order of the index on (status,
 * next_attempt_at, id), so retries waiting for later are never scanned. Needs `registerUrlHost` on the
 * connection when `filter.fullHosts` is not empty.
 */
export function pendingMessages(db: Db, now: number, filter: PendingFilter, limit: number): OutboxMessage[] {
  const conditions: SQL[] = [eq(messages.status, 'pending')];
  for (const pair of filter.held) conditions.push(not(messagesOf(pair.scenarioId, pair.channel)));
  if (filter.inFlight.length > 0) conditions.push(notInArray(messages.id, filter.inFlight));
  if (filter.closedChannels.length > 0) conditions.push(notInArray(messages.channel, filter.closedChannels));
  if (filter.busyContacts.length > 0) conditions.push(or(notInArray(messages.channel, [...MESSAGE_CHANNELS]), notInArray(messages.contactId, filter.busyContacts))!);
  if (filter.fullHosts.length > 0) {
    const host = sql`${sql.raw(URL_HOST)}(json_extract(${messages.webhook}, '$.url'))`;
    conditions.push(or(not(eq(messages.channel, 'webhook')), isNull(host), not(inArray(host, filter.fullHosts)))!);
  }
  const fresh = db
    .select()
    .from(messages)
    .where(and(...conditions, isNull(messages.nextAttemptAt)))
    .orderBy(asc(messages.id))
    .limit(limit)
    .all();
  const retries = db
    .select()
    .from(messages)
    .where(and(...conditions, lte(messages.nextAttemptAt, now)))
    .orderBy(asc(messages.nextAttemptAt))
    .limit(limit)
    .all();
  return [...fresh, ...retries].sort((a, b) => a.id - b.id).slice(0, limit);
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
 * transaction, so the canvas never shows a failed send as sent.
 */
export function recordDeliveries(db: Db, delivered: Delivered[], policy: RetryPolicy): void {
  const counters = new CounterDeltas();
  for (const { message, outcome, at } of delivered) {
    const attempts = message.attempts + 1;
    const status = statusAfter(message, outcome, policy);
    // A confirmation (double opt-in) belongs to no journey: no node counts it.
    if ((status === 'failed' || status === 'skipped') && message.scenarioId !== CONFIRMATION_SCENARIO) counters.delivery(message, status, outcome.rule ?? 'consent');
    db.update(messages)
      .set({
        status,
        reason: outcome.reason ?? null,
        rendered: outcome.rendered ?? null,
        attempts,
        sentAt: SENT_STATUSES.includes(status as MessageStatus) ? at : null,
        nextAttemptAt: status === 'pending' ? at + retryDelay(attempts, policy) : null,
        address: outcome.address ?? null,
        providerId: outcome.providerId ?? null,
      })
      .where(eq(messages.id, message.id))
      .run();
    if (outcome.bounce === 'hard') recordBounce(db, { ...message, address: outcome.address ?? null }, 'hard', 'smtp', at, counters);
  }
  counters.flush(db);
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
