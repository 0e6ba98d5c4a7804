import { renderField } from './engines.ts';
import type { EmailContent } from './render.ts';

const FOOTER_HTML = '<p style="font-size:12px;color:#666"><a href="{{ url }}">Unsubscribe</a></p>';

/**
 * Makes sure an email carries its unsubscribe link: a template that already shows `{{ links.unsubscribe }}` is
 * left as it is, otherwise a footer is added (before </body> when there is one) to the HTML and to the text part.
 */
export function withUnsubscribeLink(content: EmailContent, url: string): EmailContent {
  const footer = renderField('html', FOOTER_HTML, { url }, 'html');
  const escapedUrl = renderField('html', '{{ url }}', { url }, 'html');
  let { html, text } = content;
  if (!html.includes(url) && !html.includes(escapedUrl)) {
    const bodyEnd = html.search(/<\/body>/i);
    html = bodyEnd === -1 ? html + footer : html.slice(0, bodyEnd) + footer + html.slice(bodyEnd);
  }
  if (text !== undefined && !text.includes(url)) text = `${text}\n\nUnsubscribe: ${url}`;
  return text === undefined ? { ...content, html } : { ...content, html, text };
}
