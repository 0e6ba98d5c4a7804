import type { Json } from '../schema/primitives.ts';
import type { Template } from '../schema/scenario.ts';
import type { ContactProfile } from '../schema/testcase.ts';
import { TemplateError, type TemplateErrorCode } from './engines.ts';
import { renderTemplate, templateVars, type MessageLinkVars, type RenderedContent, type TemplateVars } from './render.ts';
import { withUnsubscribeLink } from './unsubscribe-link.ts';

/** Stands in for the signed link in previews, so templates using `{{ links.unsubscribe }}` render. */
export const PREVIEW_UNSUBSCRIBE_URL = '#unsubscribe';
/** Stands in for the signed preference centre link in previews (`{{ links.preferences }}`). */
export const PREVIEW_PREFERENCES_URL = '#preferences';
export const PREVIEW_LINKS: MessageLinkVars = { unsubscribe: PREVIEW_UNSUBSCRIBE_URL, preferences: PREVIEW_PREFERENCES_URL };

export type PreviewResult =
  | { ok: true; content: RenderedContent }
  | { ok: false; error: { code: TemplateErrorCode; message: string; field: string; line?: number; column?: number } };

/**
 * Renders a template for a sample contact (and event) the way it would be sent, including the unsubscribe footer
 * of an email; a template error is returned, located on its field, instead of thrown.
 */
export function previewTemplate(
  template: Template,
  contact: ContactProfile,
  event?: { name: string; properties?: Record<string, Json> },
  extras: Pick<TemplateVars, 'links' | 'scenario'> = {},
): PreviewResult {
  // Messages to a person carry an unsubscribe link; a webhook has none.
  const links = extras.links ?? (template.channel === 'webhook' ? undefined : PREVIEW_LINKS);
  const vars = templateVars(contact, event, { ...extras, links });
  try {
    const content = renderTemplate(template, vars);
    return { ok: true, content: content.channel === 'email' && links ? withUnsubscribeLink(content, links.unsubscribe, links.preferences) : content };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const { code, message, field, line, column } = error;
    return { ok: false, error: { code, message, field, line, column } };
  }
}
