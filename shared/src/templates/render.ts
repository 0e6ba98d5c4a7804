import type { Template } from '../schema/scenario.ts';
import type { Json } from '../schema/primitives.ts';
import { TemplateError, renderField } from './engines.ts';
import { TEMPLATE_FIELDS } from './fields.ts';

/** The signed links of a message to a person: `{{ links.unsubscribe }}` and `{{ links.preferences }}` (the preference centre). */
export interface MessageLinkVars {
  unsubscribe: string;
  preferences: string;
}

/** What a template sees: `contact.*` are the contact's attributes, `event.*` the triggering event's properties. */
export interface TemplateVars {
  contact: { id: string } & Record<string, Json>;
  event?: { name: string } & Record<string, Json>;
  links?: MessageLinkVars;
  scenario?: { id: string; name: string };
  /** After a digest node: how many events it collected and their properties (`digest.items`). */
  digest?: { count: number; items: Record<string, Json>[] };
}

export type EmailContent = { channel: 'email'; subject: string; html: string; text?: string };
export type SmsContent = { channel: 'sms'; text: string };
export type PushContent = { channel: 'push'; title: string; body: string };
export type WebhookContent = { channel: 'webhook'; body: Json };
export type TaskContent = { channel: 'task'; title: string; instructions: string };
/** A task as the task system receives it: its rendered title and instructions, what kind, for whom, when. */
export type TaskDelivery = TaskContent & { kind: string; team?: string; assignee?: string; dueAt?: string; scenarioId: string; node: string };
/** A template rendered for one contact: exactly what a transport sends. */
export type RenderedContent = EmailContent | SmsContent | PushContent | WebhookContent | TaskDelivery;

/** Builds the template variables from a contact, the event that triggered the step, and links/scenario. */
export function templateVars(
  contact: { id: string; attributes: Record<string, Json> },
  event?: { name: string; properties?: Record<string, Json> },
  extras: Pick<TemplateVars, 'links' | 'scenario' | 'digest'> = {},
): TemplateVars {
  // id and name come last so an attribute or a property of the same name cannot hide them.
  const vars: TemplateVars = { contact: { ...contact.attributes, id: contact.id }, ...extras };
  if (event) vars.event = { ...event.properties, name: event.name };
  return vars;
}

/**
 * Renders a JSON text with Liquid (strings JSON-escaped), then parses it: the result is proof that the values
 * could not break the document. Used for webhook bodies and for SMS/push provider payloads.
 */
export function renderJsonTemplate(source: string, scope: object, field = 'body'): Json {
  const text = renderField('json', source, scope, field);
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new TemplateError('invalid_json', `${field}: the rendered text is not valid JSON (${(error as Error).message})`, field);
  }
}

/** Renders every field of a template for one contact; throws a located TemplateError (unknown variable...). */
export function renderTemplate(template: Template, vars: TemplateVars): RenderedContent {
  const rendered: Record<string, unknown> = { channel: template.channel };
  const fields = template as unknown as Record<string, unknown>;
  for (const { name, mode } of TEMPLATE_FIELDS[template.channel]) {
    const source = fields[name];
    if (typeof source !== 'string') continue; // an optional field (the email's text part) left out
    rendered[name] = mode === 'json' ? renderJsonTemplate(source, vars, name) : renderField(mode, source, vars, name);
  }
  return rendered as RenderedContent;
}

/**
 * Renders an on-site item's content for one contact: HTML with every variable escaped (as in emails), plain text, or
 * a JSON document whose strings are escaped and which must parse.
 */
export function renderOnsite(item: { format: 'html' | 'text' | 'json'; content: string }, vars: TemplateVars): Json {
  return item.format === 'json' ? renderJsonTemplate(item.content, vars, 'content') : renderField(item.format, item.content, vars, 'content');
}

/** Renders a task node's title and instructions (text mode, like an SMS) for one contact. */
export function renderTask(task: { title: string; instructions: string }, vars: TemplateVars): TaskContent {
  const fields: Record<string, string> = task;
  const [title, instructions] = TEMPLATE_FIELDS.task.map(({ name, mode }) => renderField(mode, fields[name], vars, name));
  return { channel: 'task', title, instructions };
}
