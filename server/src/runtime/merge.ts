import { eq } from 'drizzle-orm';
import { consentChanges, contactAliases, contacts, enrolments, events, messages, steps } from '../db/schema.ts';
import { findContact, saveContact } from '../store/contacts.ts';
import { activeEnrolments, endEnrolment } from '../store/enrolments.ts';
import type { Session } from './session.ts';

/**
 * Identity merge: an anonymous visitor who identifies becomes the known contact, history and all
 * (events, enrolments with their timers and trace, messages, anonymous ids). Where both are active
 * in the same scenario, the known contact's enrolment goes on and the visitor's ends ("merged").
 */
export function mergeInto(session: Session, fromId: string, intoId: string): void {
  const { db, now } = session;
  session.forget(fromId);
  session.forget(intoId);
  const from = findContact(db, fromId);
  if (!from) return;
  const into = findContact(db, intoId);
  if (!into) {
    // No known contact yet: the visitor's row becomes it, and the foreign keys follow (ON UPDATE CASCADE).
    db.update(contacts).set({ id: intoId, anonymous: false, updatedAt: now }).where(eq(contacts.id, fromId)).run();
    return;
  }
  into.attributes = { ...from.attributes, ...into.attributes };
  into.consents = { ...from.consents, ...into.consents };
  into.lists = [...new Set([...into.lists, ...from.lists])];
  into.timeZone ??= from.timeZone;
  into.updatedAt = now;
  saveContact(db, into);

  const knownScenarios = new Set(activeEnrolments(db, intoId).map((e) => e.scenarioId));
  for (const e of activeEnrolments(db, fromId)) {
    if (knownScenarios.has(e.scenarioId)) endEnrolment(db, e, { ...session.whereIs(e), reason: `merged into contact ${intoId}`, now });
  }
  for (const table of [events, enrolments, steps, messages, consentChanges, contactAliases]) {
    db.update(table).set({ contactId: intoId }).where(eq(table.contactId, fromId)).run();
  }
  db.delete(contacts).where(eq(contacts.id, fromId)).run();
}
