import type { Channel, Json } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';
import { TemplateError, type TemplateErrorCode } from './engines.ts';
import { renderTemplate, templateVars, type MessageLinkVars, type RenderedContent } from './render.ts';

export type SendRenderErrorCode = TemplateErrorCode | 'template_missing' | 'template_not_found' | 'template_channel_mismatch';

export type SendRender<C extends Channel> =
  | { ok: true; content: Extract<RenderedContent, { channel: C }> }
  | { ok: false; error: { code: SendRenderErrorCode; message: string; field?: string } };

/** What a send asks for: the node, its channel and template, the enrolment's triggering event and latest digest. */
export interface SendToRender<C extends Channel> {
  node: string;
  channel: C;
  template?: string;
  event?: { name: string; properties?: Record<string, Json> };
  digest?: { count: number; items: Record<string, Json>[] };
}

/**
 * Renders a send's template for one contact the way delivery does: strict, so a variable the contact lacks (read
 * without `| default:`) fails with the reason the outbox records. Shared by the server's delivery and the simulator,
 * so a simulated send fails exactly where a real one would.
 */
export function renderSend<C extends Channel>(
  scenario: Pick<Scenario, 'id' | 'name' | 'templates'>,
  send: SendToRender<C>,
  contact: { id: string; attributes: Record<string, Json> },
  links?: MessageLinkVars,
): SendRender<C> {
  const fail = (code: SendRenderErrorCode, message: string, field?: string): SendRender<C> => ({
    ok: false,
    error: field ? { code, message, field } : { code, message },
  });
  const node = `node ${send.node}`;
  if (!send.template) return fail('template_missing', `${node}: no template to send on ${send.channel}`);
  const template = scenario.templates.find((t) => t.id === send.template);
  if (!template) return fail('template_not_found', `${node}: template "${send.template}" is not in scenario ${scenario.id}`);
  if (template.channel !== send.channel) {
    return fail('template_channel_mismatch', `${node}: template "${template.id}" is for ${template.channel}, not ${send.channel}`);
  }
  const digest = send.digest ? { digest: send.digest } : {};
  const vars = templateVars(contact, send.event, { links, scenario: { id: scenario.id, name: scenario.name }, ...digest });
  try {
    // A template renders to content of its own channel, checked just above.
    return { ok: true, content: renderTemplate(template, vars) as Extract<RenderedContent, { channel: C }> };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    return fail(error.code, `template "${template.id}": ${error.message}`, error.field);
  }
}
