import { isDoubleOptInChannel, type DoubleOptInSettings } from '@parcours/shared';
import { ADDRESS_ATTRIBUTES, ADDRESS_FORMATS } from '../channels/compose.ts';
import type { OutboundMessage } from '../channels/types.ts';
import type { ContactRow } from '../store/contacts.ts';
import type { OutboxMessage } from '../store/outbox.ts';
import { contactLanguage, OPT_IN_WORDS } from './words.ts';

export interface ConfirmationLinks {
  /** The signed link that confirms the request. */
  confirm: string;
  /** The signed one-click unsubscribe link: an email carries one, a confirmation too. */
  unsubscribe: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The built-in confirmation message of a consent request, in the contact's language: an email with the confirmation
 * link, or a text message asking to reply the first confirmation keyword. An error says why it cannot go.
 */
export function composeConfirmation(
  row: OutboxMessage,
  contact: Pick<ContactRow, 'id' | 'attributes'>,
  settings: DoubleOptInSettings,
  links: ConfirmationLinks,
): { ok: true; message: OutboundMessage } | { ok: false; reason: string } {
  const channel = row.channel;
  if (!isDoubleOptInChannel(channel)) return { ok: false, reason: `no confirmation message on ${channel}` };
  const attribute = ADDRESS_ATTRIBUTES[channel];
  const address = ADDRESS_FORMATS[channel].schema.safeParse(contact.attributes[attribute]);
  if (!address.success) return { ok: false, reason: `contact ${contact.id}: attribute "${attribute}" must hold ${ADDRESS_FORMATS[channel].what}` };
  const words = OPT_IN_WORDS[contactLanguage(contact.attributes)];
  const base = { id: String(row.id), idempotencyKey: row.idempotencyKey };
  if (channel === 'sms') {
    const text = words.sms.replace('{keyword}', settings.smsKeywords.confirm[0]);
    return { ok: true, message: { ...base, channel: 'sms', recipient: { contactId: contact.id, phone: address.data }, content: { channel: 'sms', text } } };
  }
  const link = escapeHtml(links.confirm);
  const html = `<p>${escapeHtml(words.emailIntro)}</p><p><a href="${link}">${escapeHtml(words.emailButton)}</a></p><p>${escapeHtml(words.emailIgnore)}</p>`;
  const text = `${words.emailIntro}\n${links.confirm}\n\n${words.emailIgnore}`;
  return {
    ok: true,
    message: {
      ...base,
      channel: 'email',
      recipient: { contactId: contact.id, email: address.data },
      content: { channel: 'email', subject: words.emailSubject, html, text },
      unsubscribeUrl: links.unsubscribe,
    },
  };
}
