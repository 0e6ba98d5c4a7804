import { and, eq, isNull, or } from 'drizzle-orm';
import type { EngagementMetric } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { messages } from '../db/schema.ts';
import type { CounterDeltas } from './counters.ts';
import type { OutboxMessage } from './outbox.ts';

/** The column that says a message's metric happened (and when): each counts once per message. */
const COLUMN_OF = {
  delivered: messages.deliveredAt,
  opened: messages.openedAt,
  clicked: messages.clickedAt,
  bounced: messages.bouncedAt,
  complained: messages.complainedAt,
  unsubscribed: messages.unsubscribedAt,
} as const satisfies Record<EngagementMetric, unknown>;

const FIELD_OF = {
  delivered: 'deliveredAt',
  opened: 'openedAt',
  clicked: 'clickedAt',
  bounced: 'bouncedAt',
  complained: 'complainedAt',
  unsubscribed: 'unsubscribedAt',
} as const satisfies Record<EngagementMetric, keyof OutboxMessage>;

export function findMessage(db: Db, id: number): OutboxMessage | undefined {
  return db.select().from(messages).where(eq(messages.id, id)).get();
}

/** The outbox row a provider's feedback names: by our idempotency key (X-Parcours-Idempotency-Key) or its own id. */
export function messageNamed(db: Db, name: string): OutboxMessage | undefined {
  return db
    .select()
    .from(messages)
    .where(or(eq(messages.idempotencyKey, name), eq(messages.providerId, name)))
    .get();
}

/**
 * Records that `metric` happened to a message: the first time, its column is set and its node's counter moves
 * (in `counters`, flushed by the caller in the same transaction); later times change nothing. Returns whether it
 * was the first. `bounce` says which kind, for a bounce.
 */
export function recordEngagement(db: Db, message: OutboxMessage, metric: EngagementMetric, at: number, counters: CounterDeltas, bounce?: 'hard' | 'soft'): boolean {
  if (message[FIELD_OF[metric]] !== null) return false;
  const result = db
    .update(messages)
    .set({ [FIELD_OF[metric]]: at, ...(metric === 'bounced' ? { bounce: bounce ?? 'hard' } : {}) })
    .where(and(eq(messages.id, message.id), isNull(COLUMN_OF[metric])))
    .run();
  if (result.changes === 0) return false;
  counters.add(message.scenarioId, message.version, message.node, '', metric, 1);
  return true;
}
