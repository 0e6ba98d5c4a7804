import type { Context } from 'hono';
import { accepts } from 'hono/accepts';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { LANGUAGE_NAMES, PAGE_LANGUAGES, PREFERENCE_WORDS, type PageLanguage } from './preference-words.ts';

// The pages the server shows contacts (preference centre, consent confirmation): no script at all, one stylesheet.
export const STYLESHEET = '/p/assets/preferences.css';

// No script, the stylesheet from here only, forms post back here only.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};

/** `?lang=` (the switch) first, then the browser's Accept-Language by its primary subtag (fr-CA is French), else English. */
export function languageOf(c: Context): PageLanguage {
  const asked = c.req.query('lang');
  if ((PAGE_LANGUAGES as readonly string[]).includes(asked ?? '')) return asked as PageLanguage;
  return accepts(c, {
    header: 'Accept-Language',
    supports: [...PAGE_LANGUAGES],
    default: 'en',
    match: (accepted, { supports, default: fallback }) => {
      const best = [...accepted].filter((a) => a.q > 0).sort((a, b) => b.q - a.q);
      for (const a of best) {
        const primary = a.type.toLowerCase().split('-')[0];
        if (supports.includes(primary)) return primary;
      }
      return fallback;
    },
  }) as PageLanguage;
}

type Status = 200 | 400 | 404 | 410;

export function contactPage(c: Context, lang: PageLanguage, status: Status, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  const words = PREFERENCE_WORDS[lang];
  // The switch keeps the visitor on this page: a query on the current address.
  const switcher = PAGE_LANGUAGES.map((l) =>
    l === lang
      ? html`<li><span aria-current="true">${LANGUAGE_NAMES[l]}</span></li>`
      : html`<li><a href="?lang=${l}" id="lang-${l}" lang="${l}" hreflang="${l}">${LANGUAGE_NAMES[l]}</a></li>`,
  );
  return c.html(
    html`<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<link rel="stylesheet" href="${STYLESHEET}"></head>
<body><main><nav aria-label="${words.languageSwitch}"><ul class="languages">${switcher}</ul></nav><h1>${title}</h1>${body}</main></body></html>`,
    status,
    SECURITY_HEADERS,
  );
}

