import { enrolmentsEndedByMerge, mergePreferences, mergeProfiles } from '@parcours/shared';
import { contactToStep, findContact, moveContactData, renameContact } from '../store/contacts.ts';
import { activeEnrolments } from '../store/enrolments.ts';
import { preferencesOf, savePreferences } from '../store/preferences.ts';
import type { Session } from './session.ts';

/**
 * Identity merge: an anonymous visitor who identifies becomes the known contact, history and all,
 * by the shared merge rule (scores add up, the known contact's other values win, the visitor's
 * journeys move over where the known contact is not already in them, the others end "merged"; topic
 * preferences and the frequency choice by the most protective, each change in the known contact's consent
 * history with the source "merge").
 * The merge is a change of the known contact's profile: its journeys and segment entries see it.
 */
export function mergeVisitor(session: Session, fromId: string, intoId: string): void {
  const { db, now } = session;
  session.forget(fromId);
  if (!findContact(db, intoId)) {
    session.forget(intoId);
    if (contactToStep(db, fromId)) renameContact(db, fromId, intoId, now);
    return;
  }
  const into = session.contact(intoId)!;
  // The visitor is read under its lock, once the user's is held: on PostgreSQL another process may have merged it
  // meanwhile, and a copy read before would add its score to the user a second time.
  const visitor = contactToStep(db, fromId);
  if (!visitor) return;
  into.journeys.profileChanged(() => {
    Object.assign(into.row, mergeProfiles(visitor, into.row, session.versions.scoreAttributes()), { updatedAt: now });
    for (const enrolment of enrolmentsEndedByMerge(activeEnrolments(db, fromId), into.runner.active())) into.runner.end(enrolment, `merged into contact ${intoId}`);
    savePreferences(db, intoId, mergePreferences(preferencesOf(db, fromId), preferencesOf(db, intoId)), 'merge', now);
    moveContactData(db, fromId, intoId);
    into.runner.rowChanged();
    into.runner.reload();
  });
}
