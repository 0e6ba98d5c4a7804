import type { HttpSend } from './http-sender.ts';
import type { Transport, WebhookMessage } from './types.ts';

/** Calls the URL of an action.webhook node with its rendered JSON body (SSRF guard, timeout: HttpSend). */
export function createWebhookTransport(send: HttpSend): Transport<WebhookMessage> {
  return {
    mode: 'http',
    send: (message) =>
      send({
        url: message.webhook.url,
        method: message.webhook.method,
        headers: message.webhook.headers,
        body: message.content.body,
        idempotencyKey: message.idempotencyKey,
      }),
  };
}
