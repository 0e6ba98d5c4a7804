import { TemplateError, renderJsonTemplate } from '@parcours/shared';
import type { HttpSend } from './http-sender.ts';
import type { PushMessage, SmsMessage, Transport, WebhookSpec } from './types.ts';

/** A generic HTTP SMS or push provider: where to call, and how to map a message onto its JSON body. */
export interface ProviderConfig {
  url: string;
  method: WebhookSpec['method'];
  headers: Record<string, string>;
  /** A JSON text with Liquid over the payload's fields: {to, text} for SMS, {token, title, body} for push. */
  body: string;
}

export const DEFAULT_SMS_BODY = '{"to": "{{ to }}", "text": "{{ text }}"}';
export const DEFAULT_PUSH_BODY = '{"token": "{{ token }}", "title": "{{ title }}", "body": "{{ body }}"}';

/** The fields each channel's body template can use; config loading renders a sample to check the template. */
export const smsPayload = (message: SmsMessage) => ({ to: message.recipient.phone, text: message.content.text });
export const pushPayload = (message: PushMessage) => ({
  token: message.recipient.pushToken,
  title: message.content.title,
  body: message.content.body,
});

/** Maps each message onto the provider's body and sends it through the same guarded HTTP sender as webhooks. */
export function createProviderTransport<M extends SmsMessage | PushMessage>(
  provider: ProviderConfig,
  payloadOf: (message: M) => Record<string, string>,
  send: HttpSend,
): Transport<M> {
  return {
    mode: 'http',
    send: async (message) => {
      let body;
      try {
        body = renderJsonTemplate(provider.body, payloadOf(message));
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        return { status: 'failed', detail: `provider body template: ${error.message}` };
      }
      return send({ url: provider.url, method: provider.method, headers: provider.headers, body, idempotencyKey: message.idempotencyKey });
    },
  };
}
