import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { ConsentChannel, MessageChannel } from '@parcours/shared';
import { jsonField } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { statements } from '../db/statements.ts';
import { consentRequests, contacts, smsReplies } from '../db/schema.ts';

export type ConsentRequest = typeof consentRequests.$inferSelect;

/** The channels on which the contact's consent awaits confirmation. */
export function pendingChannels(db: Db, contactId: string): MessageChannel[] {
  return db
    .select({ channel: consentRequests.channel })
    .from(consentRequests)
    .where(and(eq(consentRequests.contactId, contactId), eq(consentRequests.status, 'pending')))
    .all()
    .map((r) => r.channel);
}

export const findConsentRequest = (db: Db, id: number): ConsentRequest | undefined =>
  db.select().from(consentRequests).where(eq(consentRequests.id, id)).get();

/** The contact's pending request on the channel, if any. */
export const pendingRequest = (db: Db, contactId: string, channel: ConsentChannel): ConsentRequest | undefined =>
  statements(db).pendingConsentRequest.get({ contactId, channel });

export function openConsentRequest(db: Db, contactId: string, channel: MessageChannel, now: number): ConsentRequest {
  return db.insert(consentRequests).values({ contactId, channel, status: 'pending', requestedAt: now }).returning().get();
}

/** Ends a pending request, confirmed or withdrawn; false when it was not pending any more. */
export function settleConsentRequest(db: Db, id: number, status: 'confirmed' | 'withdrawn', now: number): boolean {
  const settled = db
    .update(consentRequests)
    .set({ status, settledAt: now })
    .where(and(eq(consentRequests.id, id), eq(consentRequests.status, 'pending')))
    .run();
  return settled.changes > 0;
}

/** A contact's phone attribute, in the words of the `contacts_phone` index. */
const phoneOf = (db: Db) => sql.raw(jsonField(db.$client, 'contacts.attributes', 'phone'));

/** The pending text message requests of contacts whose phone is `phone` (what a reply from it may confirm). */
export function pendingSmsRequestsOf(db: Db, phone: string): ConsentRequest[] {
  return db
    .select(getTableColumns(consentRequests))
    .from(consentRequests)
    .innerJoin(contacts, eq(contacts.id, consentRequests.contactId))
    .where(and(eq(consentRequests.channel, 'sms'), eq(consentRequests.status, 'pending'), sql`${phoneOf(db)} = ${phone}`))
    .all();
}

/** The contacts whose phone is `phone` (what a STOP from it withdraws), through the `contacts_phone` index. */
export const contactsWithPhone = (db: Db, phone: string): string[] =>
  db
    .select({ id: contacts.id })
    .from(contacts)
    .where(sql`${phoneOf(db)} = ${phone}`)
    .all()
    .map((r) => r.id);

/** Keeps a reply's id; false when the provider sent it before (a replay). */
export function firstTimeReply(db: Db, provider: string, replyId: string, now: number): boolean {
  return db.insert(smsReplies).values({ provider, replyId, receivedAt: now }).onConflictDoNothing().run().changes > 0;
}

/** A message no journey sent (a confirmation) in the outbox; transactional: topics and the frequency choice do not hold it. */
export function queueMessage(db: Db, m: { idempotencyKey: string; contactId: string; scenarioId: string; channel: MessageChannel; now: number }): void {
  const { now, ...row } = m;
  statements(db).insertMessage.run({ ...row, enrolmentId: null, version: 0, node: 'confirmation', template: null, webhook: null, event: null, transactional: true, digest: null, createdAt: now });
}
