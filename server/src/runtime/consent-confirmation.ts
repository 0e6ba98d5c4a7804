import type { ConsentProof } from '../store/contacts.ts';
import { findConsentRequest, settleConsentRequest, type ConsentRequest } from '../store/consent-requests.ts';
import { updateContact } from './ingest.ts';
import type { Session } from './session.ts';

/** What became of a confirmation: it granted the consent, or found its request already settled or gone. */
export type ConfirmationOutcome = 'confirmed' | 'already_confirmed' | 'withdrawn' | 'unknown';

/**
 * The contact confirmed a pending consent (the link of the email, a keyword replied by text message): the request is
 * settled and the consent granted, recorded with `source` and the proof of the confirmation; journeys see the change.
 */
export function confirmConsent(session: Session, requestId: number, source: string, proof: ConsentProof | undefined): ConfirmationOutcome {
  const request: ConsentRequest | undefined = findConsentRequest(session.db, requestId);
  if (!request) return 'unknown';
  if (request.status === 'confirmed') return 'already_confirmed';
  if (request.status === 'withdrawn' || !settleConsentRequest(session.db, request.id, 'confirmed', session.now)) return 'withdrawn';
  const state = session.contact(request.contactId)!;
  updateContact(session, state, { consents: { [request.channel]: true }, ...(proof ? { consentProof: proof } : {}) }, source, true);
  return 'confirmed';
}
