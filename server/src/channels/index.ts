import type { DeliveredChannel, MessageChannel } from '@parcours/shared';
import type { ConfirmationLinks } from '../optin/confirmation-message.ts';
import { confirmationUrl, readConfirmationToken, type ConfirmationReading } from '../optin/link.ts';
import { composeMessage, type ComposeInput, type ComposeResult } from './compose.ts';
import type { ChannelConfig, FeedbackProvider } from './config.ts';
import { createEmailTransport } from './email.ts';
import { createHttpSender } from './http-sender.ts';
import { createProviderTransport, pushPayload, smsPayload } from './provider.ts';
import { sandboxTransport } from './sandbox.ts';
import { parseAllowList } from './ssrf-guard.ts';
import type { DeliveryResult, OutboundMessage, Transport, Transports } from './types.ts';
import { createTaskTransport } from './task.ts';
import { readClickToken, readOpenToken, trackingLinks, type ClickReading, type OpenReading } from './tracking.ts';
import { unsubscribeUrl, verifyUnsubscribeToken, type UnsubscribeVerification } from './unsubscribe.ts';
import { preferencesUrl, readPreferencesToken, type PreferencesReading } from './preferences-link.ts';
import { createWebhookTransport } from './webhook.ts';

export { loadChannelConfig, ChannelConfigError, CHANNEL_VARIABLES, type ChannelConfig, type FeedbackProvider, type ChannelVariable, type DeliverySettings, DEFAULT_DELIVERY_SETTINGS } from './config.ts';
export {
  composeMessage,
  ADDRESS_ATTRIBUTES,
  type ComposeInput,
  type ComposeResult,
  type ComposeErrorCode,
} from './compose.ts';
export {
  createUnsubscribeToken,
  verifyUnsubscribeToken,
  unsubscribeUrl,
  type UnsubscribeClaim,
  type UnsubscribeVerification,
} from './unsubscribe.ts';
export { preferencesUrl, type PreferencesReading } from './preferences-link.ts';
export type {
  DeliveryResult,
  OutboundMessage,
  EmailMessage,
  SmsMessage,
  PushMessage,
  WebhookMessage,
  WebhookSpec,
  TaskMessage,
  Transport,
  Transports,
} from './types.ts';

/** One transport per channel: the sandbox unless the configuration sets a real one up. */
export function createTransports(config: ChannelConfig): Transports {
  const send = createHttpSender({ allow: parseAllowList(config.http.allow), timeoutMs: config.http.timeoutMs });
  const { email } = config;
  return {
    email: email.mode === 'smtp' ? createEmailTransport({ smtp: email.smtp, from: email.from, connections: config.delivery.concurrency.email }) : sandboxTransport,
    sms: config.sms.mode === 'http' ? createProviderTransport(config.sms.provider, smsPayload, send) : sandboxTransport,
    push: config.push.mode === 'http' ? createProviderTransport(config.push.provider, pushPayload, send) : sandboxTransport,
    webhook: config.webhook.mode === 'http' ? createWebhookTransport(send) : sandboxTransport,
    task: config.task.mode === 'http' ? createTaskTransport(config.task.system, send) : sandboxTransport,
  };
}

/** What the server needs from this module: compose an outbox row into a message, deliver it, read an unsubscribe link. */
export interface Channels {
  readonly modes: Record<DeliveredChannel, Transport['mode']>;
  /** The host each channel sends to (null: the sandbox, or webhooks whose URL is on each node). Never credentials. */
  readonly destinations: Record<DeliveredChannel, string | null>;
  /** Renders the node's template for the contact; a failure (unknown variable, no address) is returned, not thrown. */
  compose(input: ComposeInput): ComposeResult;
  /** Sends through the channel's transport. Never throws: failures come back as { status: 'failed', detail }. */
  deliver(message: OutboundMessage): Promise<DeliveryResult>;
  /** For GET/POST /u/:token: whose consent to turn off, on which channel. */
  verifyUnsubscribe(token: string): UnsubscribeVerification;
  /** For GET/POST /p/:token: whose preference centre it is. */
  readPreferences(token: string): PreferencesReading;
  /** A double opt-in confirmation's links: the signed confirmation link (valid `ttlDays`) and the unsubscribe link. */
  confirmationLinks(contactId: string, channel: MessageChannel, requestId: number, ttlDays: number): ConfirmationLinks;
  /** For GET/POST /c/:token: which consent request the link confirms. */
  readConfirmation(token: string): ConfirmationReading;
  /** Delivery feedback providers by name (POST /api/feedback/:provider). */
  readonly feedback: Record<string, FeedbackProvider>;
  /** For GET /t/o/:token: which message's pixel was fetched. */
  readOpen(token: string): OpenReading;
  /** For GET /t/c/:token: which message's link was followed, and where it leads. */
  readClick(token: string): ClickReading;
  /** Closes the transports' open connections (server shutdown). */
  close(): void;
}

/** Only the host and port of a URL: its user, password, path and query may carry secrets. */
const hostOf = (url: string) => new URL(url).host;

function destinationsOf(config: ChannelConfig): Record<DeliveredChannel, string | null> {
  const { email, sms, push, task } = config;
  const smtp = email.mode === 'smtp' ? (email.smtp.url ? hostOf(email.smtp.url) : `${email.smtp.host}:${email.smtp.port}`) : null;
  return {
    email: smtp,
    sms: sms.mode === 'http' ? hostOf(sms.provider.url) : null,
    push: push.mode === 'http' ? hostOf(push.provider.url) : null,
    webhook: null,
    task: task.mode === 'http' ? hostOf(task.system.url) : null,
  };
}

/**
 * `serverUrl`: the address the server listens on, once it does; unsubscribe and tracking links use it when PARCOURS_PUBLIC_URL is
 * not set. Without either (a server never started, in tests) links are relative to the server: `/u/<token>`.
 */
export function createChannels(config: ChannelConfig, now: () => number = Date.now, serverUrl: () => string | undefined = () => undefined): Channels {
  const transports = createTransports(config);
  const links = () => ({ publicUrl: config.publicUrl ?? serverUrl() ?? '', secret: config.unsubscribe.secret, ttlDays: config.unsubscribe.ttlDays, now });
  return {
    modes: {
      email: transports.email.mode,
      sms: transports.sms.mode,
      push: transports.push.mode,
      webhook: transports.webhook.mode,
      task: transports.task.mode,
    },
    destinations: destinationsOf(config),
    feedback: config.feedback ?? {},
    compose: (input) =>
      composeMessage(input, {
        unsubscribe: (contactId, channel, messageId) => unsubscribeUrl(contactId, channel, links(), messageId),
        preferences: (contactId) => preferencesUrl(contactId, links()),
        tracking: (messageId) => trackingLinks(messageId, { ...links(), now: now() }),
      }),
    deliver: (message) => {
      switch (message.channel) {
        case 'email':
          return transports.email.send(message);
        case 'sms':
          return transports.sms.send(message);
        case 'push':
          return transports.push.send(message);
        case 'webhook':
          return transports.webhook.send(message);
        case 'task':
          return transports.task.send(message);
      }
    },
    verifyUnsubscribe: (token) => verifyUnsubscribeToken(token, config.unsubscribe.secret, now()),
    readPreferences: (token) => readPreferencesToken(token, config.unsubscribe.secret, now()),
    confirmationLinks: (contactId, channel, requestId, ttlDays) => ({
      confirm: confirmationUrl(requestId, { ...links(), ttlDays, now: now() }),
      unsubscribe: unsubscribeUrl(contactId, channel, links()),
    }),
    readConfirmation: (token) => readConfirmationToken(token, config.unsubscribe.secret, now()),
    readOpen: (token) => readOpenToken(token, config.unsubscribe.secret, now()),
    readClick: (token) => readClickToken(token, config.unsubscribe.secret, now()),
    close: () => {
      for (const transport of Object.values(transports)) transport.close?.();
    },
  };
}
