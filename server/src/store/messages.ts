import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { messages } from '../db/schema.ts';

type MessageRow = typeof messages.$inferSelect;

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** An outbox row as the API shows it (the message list, a contact's export). */
export function messageView(m: MessageRow) {
  return {
    id: m.id,
    contactId: m.contactId,
    scenarioId: m.scenarioId,
    version: m.version,
    node: m.node,
    channel: m.channel,
    template: m.template,
    status: m.status,
    reason: m.reason,
    ...(m.rendered !== null ? { rendered: m.rendered } : {}),
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: isoOrNull(m.sentAt),
    attempts: m.attempts,
    nextAttemptAt: isoOrNull(m.nextAttemptAt),
  };
}

/** The outbox, newest first, optionally for one contact, one scenario and/or one channel. */
export function listMessages(db: Db, filter: { contactId?: string; scenarioId?: string; channel?: string; limit: number }) {
  const conditions: SQL[] = [];
  if (filter.channel) conditions.push(eq(messages.channel, filter.channel));
  if (filter.contactId) conditions.push(eq(messages.contactId, filter.contactId));
  if (filter.scenarioId) conditions.push(eq(messages.scenarioId, filter.scenarioId));
  return db.select().from(messages).where(and(...conditions)).orderBy(desc(messages.id)).limit(filter.limit).all().map(messageView);
}
