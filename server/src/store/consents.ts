import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { consentChanges, consentRequests, messages } from '../db/schema.ts';
import { confirmationKey } from '../optin/consent-requests.ts';
import { loadDoubleOptIn } from './double-opt-in.ts';
import { findContact } from './contacts.ts';
import { NotFound } from '../domain/errors.ts';
import { pendingChannels } from './consent-requests.ts';
import { preferenceChangesOf, preferencesOf } from './preferences.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every consent given, requested (double opt-in), confirmed or withdrawn by the contact, oldest first, with what recorded it and its proof. */
export function consentChangesOf(db: Db, contactId: string) {
  return db
    .select()
    .from(consentChanges)
    .where(eq(consentChanges.contactId, contactId))
    .orderBy(asc(consentChanges.at), asc(consentChanges.id))
    .all()
    .map((c) => ({
      channel: c.channel,
      granted: c.granted,
      ...(c.pending ? { pending: true as const } : {}),
      source: c.source,
      at: iso(c.at),
      ...(c.ip ? { ip: c.ip } : {}),
      ...(c.userAgent ? { userAgent: c.userAgent } : {}),
    }));
}

/**
 * The contact's requests awaiting confirmation, oldest first: when each was made, when its confirmation went out (null
 * while it waits in the outbox) and, for an email, when its link stops confirming (its lifetime counts from the send).
 */
export function pendingRequestsOf(db: Db, contactId: string) {
  const { linkTtlDays } = loadDoubleOptIn(db);
  const sentAt = (requestId: number) =>
    db.select({ at: messages.sentAt }).from(messages).where(eq(messages.idempotencyKey, confirmationKey(requestId))).get()?.at ?? null;
  return db
    .select()
    .from(consentRequests)
    .where(and(eq(consentRequests.contactId, contactId), eq(consentRequests.status, 'pending')))
    .orderBy(asc(consentRequests.requestedAt), asc(consentRequests.id))
    .all()
    .map((request) => {
      const sent = sentAt(request.id);
      return {
        channel: request.channel,
        requestedAt: iso(request.requestedAt),
        confirmationSentAt: sent === null ? null : iso(sent),
        // A text message confirms by a reply keyword, which does not expire.
        expiresAt: sent === null || request.channel !== 'email' ? null : iso(sent + linkTtlDays * 86_400_000),
      };
    });
}

/** The contact's consents and preferences now, and how they came to be (GDPR: proof of consent). */
export function consentHistory(db: Db, contactId: string) {
  const contact = findContact(db, contactId);
  if (!contact) throw new NotFound(`contact ${contactId}`);
  const pending = pendingChannels(db, contactId);
  return {
    consents: contact.consents,
    ...(pending.length > 0 ? { pending, pendingRequests: pendingRequestsOf(db, contactId) } : {}),
    changes: consentChangesOf(db, contactId),
    preferences: preferencesOf(db, contactId),
    preferenceChanges: preferenceChangesOf(db, contactId),
  };
}
