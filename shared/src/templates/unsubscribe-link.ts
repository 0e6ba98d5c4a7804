import { renderField } from './engines.ts';
import type { EmailContent } from './render.ts';

const FOOTER_HTML = '<p style="font-size:12px;color:#666">{% if preferences %}<a href="{{ preferences }}">Manage preferences</a> · {% endif %}<a href="{{ url }}">Unsubscribe</a></p>';

const shows = (content: string, url: string) => content.includes(url) || content.includes(renderField('html', '{{ url }}', { url }, 'html'));

/**
 * Makes sure an email carries its unsubscribe link, and the preference centre's when given: a template that already
 * shows `{{ links.unsubscribe }}` is left as it is, otherwise a footer is added (before </body> when there is one) to
 * the HTML and to the text part. The preference link joins the footer unless the template shows it already.
 */
export function withUnsubscribeLink(content: EmailContent, url: string, preferencesUrl?: string): EmailContent {
  let { html, text } = content;
  if (!shows(html, url)) {
    const preferences = preferencesUrl !== undefined && !shows(html, preferencesUrl) ? preferencesUrl : undefined;
    const footer = renderField('html', FOOTER_HTML, { url, preferences }, 'html');
    const bodyEnd = html.search(/<\/body>/i);
    html = bodyEnd === -1 ? html + footer : html.slice(0, bodyEnd) + footer + html.slice(bodyEnd);
  }
  if (text !== undefined && !text.includes(url)) {
    const preferences = preferencesUrl !== undefined && !text.includes(preferencesUrl) ? `\nManage preferences: ${preferencesUrl}` : '';
    text = `${text}\n\nUnsubscribe: ${url}${preferences}`;
  }
  return text === undefined ? { ...content, html } : { ...content, html, text };
}
