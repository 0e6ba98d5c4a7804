import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { consentChanges } from '../db/schema.ts';
import { findContact } from './contacts.ts';
import { NotFound } from '../domain/errors.ts';
import { preferenceChangesOf, preferencesOf } from './preferences.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** Every consent given or withdrawn by the contact, oldest first, with what recorded it. */
export function consentChangesOf(db: Db, contactId: string) {
  return db
    .select()
    .from(consentChanges)
    .where(eq(consentChanges.contactId, contactId))
    .orderBy(asc(consentChanges.at), asc(consentChanges.id))
    .all()
    .map((c) => ({ channel: c.channel, granted: c.granted, source: c.source, at: iso(c.at) }));
}

/** The contact's consents and preferences now, and how they came to be (GDPR: proof of consent). */
export function consentHistory(db: Db, contactId: string) {
  const contact = findContact(db, contactId);
  if (!contact) throw new NotFound(`contact ${contactId}`);
  return {
    consents: contact.consents,
    changes: consentChangesOf(db, contactId),
    preferences: preferencesOf(db, contactId),
    preferenceChanges: preferenceChangesOf(db, contactId),
  };
}
