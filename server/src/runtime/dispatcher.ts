import { asc, eq } from 'drizzle-orm';
import type { Json } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { messages, type MessageStatus } from '../db/schema.ts';

export type OutboxMessage = typeof messages.$inferSelect;

/** What a channel did with a message. */
export interface DeliveryOutcome {
  status: Exclude<MessageStatus, 'pending'>;
  reason?: string;
  /** What was (or would have been) sent, for the outbox view: subject and body, SMS text... */
  rendered?: Json;
}

/** The seam where transports plug in: one call per message, given its outbox row. */
export type Deliver = (message: OutboxMessage) => Promise<DeliveryOutcome>;

/**
 * Sends pending outbox rows, oldest first, and records each outcome. A crash between a delivery
 * and its record sends that message again on restart (at least once); transports get the
 * idempotency key to let the receiver drop the repeat.
 */
export async function dispatchPending(db: Db, deliver: Deliver, now: () => number, limit = 100): Promise<number> {
  const pending = db.select().from(messages).where(eq(messages.status, 'pending')).orderBy(asc(messages.id)).limit(limit).all();
  for (const message of pending) {
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliver(message);
    } catch (error) {
      outcome = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    db.update(messages)
      .set({
        status: outcome.status,
        reason: outcome.reason ?? null,
        rendered: outcome.rendered ?? null,
        attempts: message.attempts + 1,
        sentAt: outcome.status === 'failed' ? null : now(),
      })
      .where(eq(messages.id, message.id))
      .run();
  }
  return pending.length;
}
