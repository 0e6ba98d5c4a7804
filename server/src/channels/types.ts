import type { EmailContent, PushContent, SmsContent, TaskContent, TaskRequest, WebhookContent } from '@parcours/shared';

export interface WebhookSpec {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE';
  headers?: Record<string, string>;
}

interface MessageBase {
  /** The outbox row's id. */
  id: string;
  /** Stable across retries: sent along (Message-ID, Idempotency-Key) so the receiver can recognise a repeat. */
  idempotencyKey: string;
}

// Each channel's recipient carries the one address it needs, checked when the message was composed.
export type EmailMessage = MessageBase & {
  channel: 'email';
  recipient: { contactId: string; email: string };
  content: EmailContent;
  /** The signed one-click link, also in the body; the transport puts it in List-Unsubscribe. */
  unsubscribeUrl: string;
};
export type SmsMessage = MessageBase & { channel: 'sms'; recipient: { contactId: string; phone: string }; content: SmsContent };
export type PushMessage = MessageBase & { channel: 'push'; recipient: { contactId: string; pushToken: string }; content: PushContent };
export type WebhookMessage = MessageBase & {
  channel: 'webhook';
  recipient: { contactId: string };
  content: WebhookContent;
  webhook: WebhookSpec;
};
/** A task for a team: its title and instructions rendered for the contact, its due date as an ISO instant. */
export type TaskMessage = MessageBase & {
  channel: 'task';
  recipient: { contactId: string };
  content: TaskContent & Pick<TaskRequest, 'kind' | 'team' | 'assignee'> & { dueAt?: string; scenarioId: string; node: string };
};
/** A rendered message ready to leave: plain JSON, so the outbox can store it as it is. */
export type OutboundMessage = EmailMessage | SmsMessage | PushMessage | WebhookMessage | TaskMessage;

export interface DeliveryResult {
  /** `retry`: a transient failure (5xx, 408, 429, timeout, network trouble, SMTP 4xx) worth another try later. */
  status: 'sent' | 'retry' | 'failed';
  /** "sandbox", the SMTP reply, "HTTP 503: ...", "refused: 10.0.0.1 is a private address"... */
  detail?: string;
  /** The provider's id for the message (SMTP Message-ID, a JSON response's "id"). */
  providerId?: string;
  /** The HTTP status received, for HTTP transports. */
  statusCode?: number;
  /** The receiving server refused the recipient for good (an SMTP 5xx): the address goes on the suppression list. */
  bounce?: 'hard';
}

export interface Transport<M extends OutboundMessage = OutboundMessage> {
  /** What the transport does with a message, for logs and the web app ("sandbox", "smtp", "http"). */
  readonly mode: 'sandbox' | 'smtp' | 'http';
  send(message: M): Promise<DeliveryResult>;
  /** Ends what the transport keeps open between messages (pooled connections), at shutdown. */
  close?(): void;
}

export interface Transports {
  email: Transport<EmailMessage>;
  sms: Transport<SmsMessage>;
  push: Transport<PushMessage>;
  webhook: Transport<WebhookMessage>;
  task: Transport<TaskMessage>;
}
