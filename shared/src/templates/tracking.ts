import type { EmailContent } from './render.ts';

export interface TrackingLinks {
  /** The open pixel's URL. */
  pixel: string;
  /** The tracked URL that leads to `url` (an absolute http(s) link of the HTML part). */
  link(url: string): string;
  /** Links left as they are (the unsubscribe link: a scanner following it must not count as a click). */
  keep?(url: string): boolean;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&lt;': '<', '&gt;': '>' };
const decode = (value: string) => value.replace(/&(amp|quot|#39|#x27|lt|gt);/g, (entity) => ENTITIES[entity]);
const encode = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// The href of an <a> tag, quoted either way: the HTML of a rendered template, whose values Liquid escaped.
const ANCHOR_HREF = /(<a\b[^>]*?\shref\s*=\s*)(["'])(.*?)\2/gis;

/**
 * An email's HTML with every absolute http(s) link going through its tracked URL and a 1×1 pixel before
 * `</body>` (or at the end). The text part keeps its plain links: a text reader sees the real address, and
 * a click there is not counted.
 */
export function withTracking(content: EmailContent, links: TrackingLinks): EmailContent {
  let html = content.html.replace(ANCHOR_HREF, (whole, head: string, quote: string, raw: string) => {
    const url = decode(raw.trim());
    if (!/^https?:\/\//i.test(url) || links.keep?.(url)) return whole;
    return `${head}${quote}${encode(links.link(url))}${quote}`;
  });
  const pixel = `<img src="${encode(links.pixel)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;
  const bodyEnd = html.search(/<\/body>/i);
  html = bodyEnd === -1 ? html + pixel : html.slice(0, bodyEnd) + pixel + html.slice(bodyEnd);
  return { ...content, html };
}
