import { heldForConfirmation, type ConsentChannel, type DoubleOptInSettings, type MessageChannel } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { openConsentRequest, pendingRequest, queueMessage, settleConsentRequest } from '../store/consent-requests.ts';
import type { ConsentProof, ContactPatch, ContactRow } from '../store/contacts.ts';
import { recordConsentChange } from '../store/contacts.ts';

/** The outbox rows of confirmation messages name this scenario: no journey sent them. */
export const CONFIRMATION_SCENARIO = 'parcours:double-opt-in';
const KEY_PREFIX = 'double-opt-in:';

/** The outbox key of a request's confirmation: one request, one message, however often the grant is repeated. */
export const confirmationKey = (requestId: number) => `${KEY_PREFIX}${requestId}`;

/** The request a confirmation's outbox row is for, from its key. */
export function requestOfKey(idempotencyKey: string): number | undefined {
  if (!idempotencyKey.startsWith(KEY_PREFIX)) return undefined;
  const id = Number(idempotencyKey.slice(KEY_PREFIX.length));
  return Number.isSafeInteger(id) ? id : undefined;
}

/**
 * Splits a patch's consents: those double opt-in holds for confirmation, and the patch that applies now. The settings
 * are asked for only when the patch gives a consent. A confirmation itself (`confirming`) is never held.
 */
export function splitHeldConsents(
  settings: () => DoubleOptInSettings,
  row: ContactRow,
  patch: ContactPatch,
  confirming: boolean,
): { held: MessageChannel[]; now: ContactPatch } {
  const given = patch.consents;
  if (confirming || !given || !Object.values(given).includes(true)) return { held: [], now: patch };
  const held = heldForConfirmation(settings(), row.consents, given);
  if (held.length === 0) return { held, now: patch };
  const rest = Object.fromEntries(Object.entries(given).filter(([channel]) => !(held as string[]).includes(channel)));
  return { held, now: { ...patch, consents: rest } };
}

/**
 * A consent given on a channel with double opt-in: a pending request, its line in the consent history with its proof,
 * and the confirmation message in the outbox (sent by the dispatcher like any message, so a restart loses none).
 * A request already pending on the channel is kept as it is: the contact gets one confirmation, never two.
 */
export function requestConfirmation(db: Db, contactId: string, channel: MessageChannel, source: string, now: number, proof: ConsentProof | undefined): void {
  if (pendingRequest(db, contactId, channel)) return;
  const request = openConsentRequest(db, contactId, channel, now);
  recordConsentChange(db, { contactId, channel, granted: false, pending: true, source, at: now, proof });
  queueMessage(db, { idempotencyKey: confirmationKey(request.id), contactId, scenarioId: CONFIRMATION_SCENARIO, channel, now });
}

/**
 * A consent withdrawn while its confirmation was pending: the request ends at once. Returns whether one was pending
 * (the history then records the withdrawal even when the consent itself was already off).
 */
export function withdrawPending(db: Db, contactId: string, channel: ConsentChannel, now: number): boolean {
  const request = pendingRequest(db, contactId, channel);
  return request !== undefined && settleConsentRequest(db, request.id, 'withdrawn', now);
}
