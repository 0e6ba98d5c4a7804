import { and, asc, eq, not } from 'drizzle-orm';
import type { RenderedContent } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { messages, type MessageStatus } from '../db/schema.ts';
import { messagesOf, SENT_STATUSES } from './volume.ts';

export type OutboxMessage = typeof messages.$inferSelect;

/** What a channel did with a message. */
export interface DeliveryOutcome {
  status: Exclude<MessageStatus, 'pending'>;
  reason?: string;
  /** What was (or would have been) sent, for the outbox view: subject and body, SMS text... */
  rendered?: RenderedContent;
}

/** Up to `limit` pending outbox rows, oldest first, leaving out the (scenario, channel) pairs held at their volume cap. */
export function pendingMessages(db: Db, held: Array<{ scenarioId: string; channel: string }>, limit: number): OutboxMessage[] {
  return db
    .select()
    .from(messages)
    .where(and(eq(messages.status, 'pending'), ...held.map((pair) => not(messagesOf(pair.scenarioId, pair.channel)))))
    .orderBy(asc(messages.id))
    .limit(limit)
    .all();
}

/** Records what delivery did with a message: its status, why, what was sent, and when it went out. */
export function recordDelivery(db: Db, message: OutboxMessage, outcome: DeliveryOutcome, now: number): void {
  db.update(messages)
    .set({
      status: outcome.status,
      reason: outcome.reason ?? null,
      rendered: outcome.rendered ?? null,
      attempts: message.attempts + 1,
      sentAt: SENT_STATUSES.includes(outcome.status) ? now : null,
    })
    .where(eq(messages.id, message.id))
    .run();
}
