import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { consentChanges } from '../db/schema.ts';
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

/** The contact's consents and preferences now, and how they came to be (GDPR: proof of consent). */
export function consentHistory(db: Db, contactId: string) {
  const contact = findContact(db, contactId);
  if (!contact) throw new NotFound(`contact ${contactId}`);
  const pending = pendingChannels(db, contactId);
  return {
    consents: contact.consents,
    ...(pending.length > 0 ? { pending } : {}),
    changes: consentChangesOf(db, contactId),
    preferences: preferencesOf(db, contactId),
    preferenceChanges: preferenceChangesOf(db, contactId),
  };
}
