import {
  NODE_SCHEMAS,
  TemplateError,
  isMessageChannel,
  renderTask,
  renderSend,
  taskRequestOf,
  templateVars,
  withTracking,
  withUnsubscribeLink,
  type Channel,
  type Json,
  type MessageChannel,
  type MessageLinkVars,
  type MessageRequest,
  type RenderedContent,
  type Scenario,
  type SendRenderErrorCode,
} from '@parcours/shared';
import { z } from 'zod';
import type { OutboundMessage, WebhookSpec } from './types.ts';

/** The contact attribute that holds each channel's address. */
export const ADDRESS_ATTRIBUTES = {
  email: 'email',
  sms: 'phone',
  push: 'pushToken',
} as const satisfies Record<MessageChannel, string>;

/** What each channel's address must look like. */
export const ADDRESS_FORMATS: Record<MessageChannel, { schema: z.ZodType<string>; what: string }> = {
  // One plain address: a comma or a display name in the attribute must not add recipients.
  email: { schema: z.email(), what: 'an email address' },
  sms: { schema: z.string().regex(/^\+[1-9]\d{6,14}$/), what: 'a phone number in E.164 form (+33612345678)' },
  push: { schema: z.string().min(1).max(4096), what: 'a push token' },
};

const WebhookSpecSchema = z.object({
  url: z.string().min(1),
  method: z.enum(['POST', 'PUT', 'PATCH', 'GET', 'DELETE']),
  headers: z.record(z.string(), z.string()).optional(),
});

export interface ComposeInput {
  /** The outbox row's id. */
  id: string;
  idempotencyKey: string;
  /** The engine's send effect, with the enrolment's triggering event and latest digest that `{{ event.* }}` and `{{ digest.* }}` read. */
  request: Pick<MessageRequest, 'node' | 'channel' | 'template' | 'webhook' | 'event' | 'digest'>;
  /** The scenario version that asked for the send (its templates, id and name; its nodes, for a task). */
  scenario: Pick<Scenario, 'id' | 'name' | 'templates' | 'nodes'>;
  /** When the engine asked for the send: a task is due this long after. */
  createdAt: number;
  contact: { id: string; attributes: Record<string, Json> };
  /** Whether an email gets an open pixel and tracked links (the scenario's `tracking` setting). */
  tracking?: boolean;
}

export type ComposeErrorCode =
  | SendRenderErrorCode
  | 'no_address'
  | 'invalid_webhook'
  | 'invalid_task';

export type ComposeResult =
  /**
   * `recorded`: what the outbox keeps and shows, when it differs from what is sent: an email without its pixel and
   * tracked links, so that viewing the outbox neither opens nor clicks on the contact's behalf.
   */
  | { ok: true; message: OutboundMessage; recorded?: RenderedContent }
  | { ok: false; error: { code: ComposeErrorCode; message: string; field?: string } };

/** The signed links a message carries: its unsubscribe link, and for a tracked email its pixel and link redirects. */
export interface MessageLinks {
  unsubscribe(contactId: string, channel: MessageChannel, messageId: number): string;
  /** The contact's preference centre. */
  preferences(contactId: string): string;
  tracking(messageId: number): { pixel: string; link(url: string): string };
}

type Failure = Extract<ComposeResult, { ok: false }>;
const fail = (code: ComposeErrorCode, message: string, field?: string): Failure => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});

/** Renders the node's template, which must be one for `channel` (the rule the simulator shares). */
function render<C extends Channel>(
  input: ComposeInput,
  channel: C,
  links?: MessageLinkVars,
): Extract<RenderedContent, { channel: C }> | Failure {
  const { node, template, event, digest } = input.request;
  const rendered = renderSend(input.scenario, { node, channel, template, event, digest }, input.contact, links);
  return rendered.ok ? rendered.content : rendered;
}

/** Without a template, a webhook says who reached which node, and why; no attributes leave by default. */
function defaultWebhookBody(input: ComposeInput): Json {
  const body: Record<string, Json> = {
    contactId: input.contact.id,
    scenarioId: input.scenario.id,
    node: input.request.node,
  };
  const { event } = input.request;
  if (event) body.event = { name: event.name, properties: event.properties };
  return body;
}

function composeWebhook(input: ComposeInput): ComposeResult {
  const spec = WebhookSpecSchema.safeParse(input.request.webhook);
  if (!spec.success) {
    return fail('invalid_webhook', `node ${input.request.node}: a webhook needs a url and a method (POST, PUT, PATCH, GET, DELETE)`);
  }
  let body: Json = defaultWebhookBody(input);
  if (input.request.template) {
    const content = render(input, 'webhook');
    if ('ok' in content) return content;
    body = content.body;
  }
  const webhook: WebhookSpec = spec.data;
  return {
    ok: true,
    message: {
      id: input.id,
      idempotencyKey: input.idempotencyKey,
      channel: 'webhook',
      recipient: { contactId: input.contact.id },
      content: { channel: 'webhook', body },
      webhook,
    },
  };
}

/**
 * A task: the node of the scenario version the row names says what to ask (versions never change), its
 * title and instructions rendered like an SMS (text, strict variables).
 */
function composeTask(input: ComposeInput): ComposeResult {
  const node = input.scenario.nodes.find((n) => n.id === input.request.node);
  const parsed = NODE_SCHEMAS['action.task'].safeParse(node);
  if (!parsed.success) return fail('invalid_task', `node ${input.request.node}: not a task node of scenario ${input.scenario.id}`);
  const { kind, team, assignee, dueAt, ...fields } = taskRequestOf(parsed.data.config, input.createdAt);
  const { digest } = input.request;
  const vars = templateVars(input.contact, input.request.event, { scenario: { id: input.scenario.id, name: input.scenario.name }, ...(digest ? { digest } : {}) });
  let rendered;
  try {
    rendered = renderTask(fields, vars);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return fail(error.code, `task ${input.request.node}: ${error.message}`, error.field);
  }
  const content = {
    ...rendered,
    kind,
    ...(team ? { team } : {}),
    ...(assignee ? { assignee } : {}),
    ...(dueAt === undefined ? {} : { dueAt: new Date(dueAt).toISOString() }),
    scenarioId: input.scenario.id,
    node: input.request.node,
  };
  return { ok: true, message: { id: input.id, idempotencyKey: input.idempotencyKey, channel: 'task', recipient: { contactId: input.contact.id }, content } };
}

/**
 * Turns an engine send into a message ready for a transport: the contact's address for the channel, the template
 * rendered for this contact (strict: an unknown variable fails here, before anything leaves), and for email the
 * signed unsubscribe link, in the body as well as in the headers the email transport adds; a tracked email's HTML
 * gets its open pixel and its links through signed redirects (the text part keeps plain links).
 */
export function composeMessage(input: ComposeInput, links: MessageLinks): ComposeResult {
  const { channel } = input.request;
  if (channel === 'webhook') return composeWebhook(input);
  if (!isMessageChannel(channel)) return composeTask(input);

  const attribute = ADDRESS_ATTRIBUTES[channel];
  const format = ADDRESS_FORMATS[channel];
  const address = format.schema.safeParse(input.contact.attributes[attribute]);
  if (!address.success) {
    return fail('no_address', `contact ${input.contact.id}: attribute "${attribute}" must hold ${format.what}`);
  }

  const messageId = Number(input.id);
  const unsubscribe = links.unsubscribe(input.contact.id, channel, messageId);
  const preferences = links.preferences(input.contact.id);
  const content = render(input, channel, { unsubscribe, preferences });
  if ('ok' in content) return content;
  const base = { id: input.id, idempotencyKey: input.idempotencyKey };
  const contactId = input.contact.id;
  switch (content.channel) {
    case 'email': {
      const withLink = withUnsubscribeLink(content, unsubscribe, preferences);
      const tracked = input.tracking ? withTracking(withLink, { ...links.tracking(messageId), keep: (url) => url === unsubscribe || url === preferences }) : withLink;
      return {
        ok: true,
        message: { ...base, channel: 'email', recipient: { contactId, email: address.data }, content: tracked, unsubscribeUrl: unsubscribe },
        ...(input.tracking ? { recorded: withLink } : {}),
      };
    }
    case 'sms':
      return { ok: true, message: { ...base, channel: 'sms', recipient: { contactId, phone: address.data }, content } };
    case 'push':
      return { ok: true, message: { ...base, channel: 'push', recipient: { contactId, pushToken: address.data }, content } };
  }
}
