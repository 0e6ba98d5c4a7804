import { onlyRecorded, type ConsentChannel, type ContactEvent, type Json } from '@parcours/shared';
import {
  addAlias,
  anonymousContactId,
  applyPatch,
  contactOfAlias,
  findContact,
  insertEvent,
  recordConsentChange,
  type ContactPatch,
} from '../store/contacts.ts';
import { requestConfirmation, splitHeldConsents, withdrawPending } from '../optin/consent-requests.ts';
import { mergeVisitor } from './merge.ts';
import type { ContactState, Session } from './session.ts';

export interface TrackInput {
  userId?: string;
  anonymousId?: string;
  event: string;
  properties: Record<string, Json>;
  timestamp?: string;
}

export interface IdentifyInput {
  userId: string;
  anonymousId?: string;
  traits: Record<string, Json>;
}

/**
 * Ties an anonymous id to a known user. The first time, the anonymous visitor's contact is merged
 * into the user's; an id already tied to another known user moves to this one (a shared device).
 */
function link(session: Session, anonymousId: string, userId: string): void {
  const owner = contactOfAlias(session.db, anonymousId);
  if (owner === userId) return;
  if (owner && findContact(session.db, owner)?.anonymous) {
    mergeVisitor(session, owner, userId);
    return;
  }
  session.contact(userId, { anonymous: false });
  addAlias(session.db, anonymousId, userId);
}

/** The contact an event or identify call is about, created on first sight. */
export function resolveContact(session: Session, userId: string | undefined, anonymousId: string | undefined): ContactState {
  if (userId !== undefined) {
    if (anonymousId !== undefined) link(session, anonymousId, userId);
    return session.contact(userId, { anonymous: false })!;
  }
  const known = contactOfAlias(session.db, anonymousId!);
  if (known) {
    // On PostgreSQL, another process may merge the visitor into a user while this one waits for the visitor's lock:
    // the visitor's row is then gone and the alias, read again, names the user.
    const state = session.contact(known) ?? session.contact(contactOfAlias(session.db, anonymousId!) ?? known);
    if (state) return state;
  }
  const id = anonymousContactId(anonymousId!);
  const state = session.contact(id, { anonymous: true })!;
  addAlias(session.db, anonymousId!, id);
  return state;
}

/**
 * An event: stored, then handed to the shared enrolment policy (waits, goals and exits first, then entries). An
 * event the policy only records (`onlyRecorded`: most page views), of a known contact, is stored without reading the
 * contact: reading and decoding the row was a sixth of /api/batch at 300k contacts, most of them out of the cache.
 */
export function track(session: Session, input: TrackInput): void {
  // A client clock ahead of ours must not put the event in the future of the conditions that count it.
  const at = input.timestamp ? Math.min(Date.parse(input.timestamp), session.now) : session.now;
  const event: ContactEvent = { name: input.event, at, properties: input.properties };
  const { userId } = input;
  if (userId !== undefined && input.anonymousId === undefined && onlyRecorded(event, session.versions) && session.existsUnheld(userId)) {
    return insertEvent(session.db, userId, event, session.now);
  }
  const state = resolveContact(session, userId, input.anonymousId);
  state.journeys.didEvent(event, () => {
    insertEvent(session.db, state.row.id, event, session.now);
    state.runner.eventHappened(event);
  });
}

/** What the consent history records as the source of a change: one for the whole change, or one per channel (an import's columns). */
export type ConsentSource = string | ((channel: ConsentChannel) => string);

/**
 * A change to a contact's profile: saved, then handed to the shared enrolment policy. Consents go through here
 * whatever their path (API, import, form, site): on a channel with double opt-in a new consent waits for the
 * contact's confirmation (`confirming`: this change is that confirmation), and a withdrawal is immediate.
 */
export function updateContact(session: Session, state: ContactState, patch: ContactPatch, source: ConsentSource, confirming = false): void {
  const { db, now } = session;
  const sourceOf = typeof source === 'string' ? () => source : source;
  const proof = patch.consentProof;
  state.journeys.profileChanged(() => {
    const split = splitHeldConsents(() => session.doubleOptIn(), state.row, patch, confirming);
    const changed = new Set(applyPatch(state.row, split.now, now));
    for (const [channel, granted] of Object.entries(split.now.consents ?? {}) as Array<[ConsentChannel, boolean | undefined]>) {
      if (granted === false && withdrawPending(db, state.row.id, channel, now)) changed.add(channel);
    }
    for (const channel of changed) {
      recordConsentChange(db, { contactId: state.row.id, channel, granted: state.row.consents[channel] === true, source: sourceOf(channel), at: now, proof });
    }
    for (const channel of split.held) requestConfirmation(db, state.row.id, channel, sourceOf(channel), now, proof);
    state.runner.rowChanged();
  });
}

export function upsertContact(session: Session, id: string, patch: ContactPatch, source: string): void {
  updateContact(session, session.contact(id, { anonymous: false, attributes: patch.attributes })!, patch, source);
}

export function identify(session: Session, input: IdentifyInput): void {
  const state = resolveContact(session, input.userId, input.anonymousId);
  updateContact(session, state, { attributes: input.traits }, 'identify');
}
