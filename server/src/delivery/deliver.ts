import { DeliveredChannel, FREQUENCY_WINDOWS, consentAwaitsConfirmation, frequencyChoiceReached, isMessageChannel, parseDuration, topicOptOut, type RenderedContent, type ScenarioNode } from '@parcours/shared';
import type { Channels } from '../channels/index.ts';
import type { Db } from '../db/open.ts';
import type { Deliver, DeliveryOutcome } from '../runtime/dispatcher.ts';
import { VersionCache } from '../runtime/versions.ts';
import { findContact, type ContactRow } from '../store/contacts.ts';
import { findConsentRequest, pendingChannels } from '../store/consent-requests.ts';
import { loadDoubleOptIn } from '../store/double-opt-in.ts';
import { goneOutSince, type DeliveryRule, type OutboxMessage } from '../store/outbox.ts';
import { isSuppressed } from '../store/suppressions.ts';
import { preferencesOf } from '../store/preferences.ts';
import type { OutboundMessage } from '../channels/index.ts';
import { composeConfirmation } from '../optin/confirmation-message.ts';
import { CONFIRMATION_SCENARIO, requestOfKey } from '../optin/consent-requests.ts';

/** The address a message goes to, for the channels that have one. */
function addressOf(message: OutboundMessage): string | undefined {
  switch (message.channel) {
    case 'email':
      return message.recipient.email;
    case 'sms':
      return message.recipient.phone;
    case 'push':
      return message.recipient.pushToken;
    default:
      return undefined;
  }
}

/** The topic a message node names, if any (a webhook or a task has none). */
function topicOf(node: ScenarioNode | undefined): string | undefined {
  return node && 'topic' in node.config && typeof node.config.topic === 'string' ? node.config.topic : undefined;
}

/**
 * What holds a journey's message back at the last moment, as the engine would now (undefined: it may go): consent
 * withdrawn or awaiting confirmation, a topic opted out of, or a frequency choice the messages gone out since fill.
 * The engine decided with what it knew when the step ran; the contact may have changed their mind since.
 */
function heldAtDelivery(
  db: Db,
  row: OutboxMessage,
  contact: ContactRow,
  channel: string,
  consentRequired: Record<string, boolean | undefined>,
  topic: string | undefined,
  now: number,
): { rule: DeliveryRule; reason: string } | undefined {
  if (!isMessageChannel(channel)) return undefined;
  const pending = consentAwaitsConfirmation({ consents: contact.consents, pendingConsents: pendingChannels(db, contact.id) }, channel);
  if (pending) return { rule: 'consent_pending', reason: pending };
  if (consentRequired[channel] && contact.consents[channel] !== true) return { rule: 'consent', reason: `no consent for ${channel}` };
  const preferences = preferencesOf(db, contact.id);
  const optedOut = topicOptOut(topic, row.transactional, channel, preferences);
  if (optedOut) return { rule: 'topic', reason: optedOut };
  const choice = preferences.frequency === 'any' || row.transactional ? undefined : frequencyChoiceReached({ channel, transactional: false, contact: { preferences }, now, sent: goneOutSince(db, contact.id, now - parseDuration(FREQUENCY_WINDOWS[preferences.frequency])) });
  return choice ? { rule: 'frequency_choice', reason: choice } : undefined;
}

type Composed = { ok: true; message: OutboundMessage; recorded?: RenderedContent } | { ok: false; outcome: DeliveryOutcome };

/** A journey's message: its scenario version's template, once the contact's consent and topics are checked again. */
function composeJourneyRow(db: Db, channels: Channels, versions: VersionCache, row: OutboxMessage, contact: ContactRow, now: number): Composed {
  const channel = DeliveredChannel.safeParse(row.channel);
  if (!channel.success) return { ok: false, outcome: { status: 'failed', reason: `unknown channel "${row.channel}"` } };
  const compiled = versions.compiled(row.scenarioId, row.version);
  const { scenario } = compiled;
  const name = channel.data;
  const held = heldAtDelivery(db, row, contact, name, scenario.settings.consentRequired, topicOf(compiled.nodes.get(row.node)), now);
  if (held) return { ok: false, outcome: { status: 'skipped', ...held } };
  const composed = channels.compose({
    id: String(row.id),
    idempotencyKey: row.idempotencyKey,
    request: { node: row.node, channel: name, template: row.template ?? undefined, webhook: row.webhook ?? undefined, event: row.event ?? undefined, digest: row.digest ?? undefined },
    scenario,
    createdAt: row.createdAt,
    contact: { id: contact.id, attributes: contact.attributes },
    tracking: scenario.settings.tracking !== false,
  });
  return composed.ok ? composed : { ok: false, outcome: { status: 'failed', reason: composed.error.message } };
}

/** A double opt-in confirmation: the built-in message, while its request is still pending (a withdrawal skips it). */
function composeConfirmationRow(db: Db, channels: Channels, row: OutboxMessage, contact: ContactRow): Composed {
  const requestId = requestOfKey(row.idempotencyKey);
  const request = requestId === undefined ? undefined : findConsentRequest(db, requestId);
  if (!request || !isMessageChannel(row.channel)) return { ok: false, outcome: { status: 'failed', reason: 'no consent request for this confirmation' } };
  if (request.status !== 'pending') return { ok: false, outcome: { status: 'skipped', reason: `consent request ${request.status} before its confirmation went out` } };
  const settings = loadDoubleOptIn(db);
  const composed = composeConfirmation(row, contact, settings, channels.confirmationLinks(contact.id, row.channel, request.id, settings.linkTtlDays));
  return composed.ok ? composed : { ok: false, outcome: { status: 'failed', reason: composed.reason } };
}

/**
 * The dispatcher's real delivery: renders each outbox row for its contact with its scenario
 * version's templates and hands it to the channel's transport (SMTP, HTTP provider, webhook, or the
 * sandbox). Consent (given, or awaiting confirmation), the contact's topics and frequency choice are checked again at
 * the last moment (heldAtDelivery; the message is then `skipped`, with its rule and reason); the suppression list is checked last,
 * just before the provider call. The row carries what the
 * step decided (webhook target, triggering event); versions are read once and kept (they never change).
 */
export function createDeliver({ db, channels, versions = new VersionCache(db) }: { db: Db; channels: Channels; versions?: VersionCache }): Deliver {
  return async (row, now) => {
    const failed = (reason: string): DeliveryOutcome => ({ status: 'failed', reason });
    // On-site items are placed as the step writes them (store/onsite.ts), never picked for delivery.
    const contact = findContact(db, row.contactId);
    // Erasure deletes a contact's outbox rows with it: defensive only.
    if (!contact) return failed(`contact ${row.contactId} no longer exists`);
    const composed = row.scenarioId === CONFIRMATION_SCENARIO ? composeConfirmationRow(db, channels, row, contact) : composeJourneyRow(db, channels, versions, row, contact, now);
    if (!composed.ok) return composed.outcome;

    const { message } = composed;
    const rendered = composed.recorded ?? message.content;
    const name = message.channel;
    const address = addressOf(message);
    // The last check before the provider: the address may have bounced or complained since the engine decided.
    const suppressed = address !== undefined && isMessageChannel(name) ? isSuppressed(db, name, address) : undefined;
    if (suppressed) return { status: 'skipped', rule: 'suppressed', reason: `address on the suppression list (${suppressed.reason})`, rendered, address };
    const result = await channels.deliver(message);
    const facts = { rendered, address, ...(result.providerId ? { providerId: result.providerId } : {}), ...(result.bounce ? { bounce: result.bounce } : {}) };
    if (result.status !== 'sent') return { status: result.status, reason: result.detail ?? 'delivery failed', ...facts };
    const sandboxed = channels.modes[name] === 'sandbox';
    return { status: sandboxed ? 'sandboxed' : 'sent', ...(result.detail ? { reason: result.detail } : {}), ...facts };
  };
}
