import type { Context, Hono } from 'hono';
import { accepts } from 'hono/accepts';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { FREQUENCY_CHOICES, FrequencyChoice, MESSAGE_CHANNELS, type ContactPreferences, type MessageChannel, type Topic } from '@parcours/shared';
import { z } from 'zod';
import type { Channels, PreferencesReading } from '../../channels/index.ts';
import type { Clock } from '../../clock.ts';
import { inTransaction, type Db } from '../../db/open.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { findContact, type ContactRow } from '../../store/contacts.ts';
import { loadTopics, preferencesOf, savePreferences } from '../../store/preferences.ts';
import { LANGUAGE_NAMES, PAGE_LANGUAGES, PREFERENCE_WORDS, type PageLanguage, type PreferenceWords } from '../pages/preference-words.ts';
import { PREFERENCE_CENTRE_CSS } from '../pages/preference-centre.css.ts';

export interface PreferenceCentreDeps {
  db: Db;
  clock: Clock;
  runtime: Runtime;
  channels: Pick<Channels, 'readPreferences'>;
}

/** What a recorded consent or preference change says made it. */
export const PREFERENCE_CENTRE_SOURCE = 'preference_centre';

const STYLESHEET = '/p/assets/preferences.css';

// Our own page: no script at all, its one stylesheet from here, the form posts back here only.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};

/** `?lang=` (the switch) first, then the browser's Accept-Language by its primary subtag (fr-CA is French), else English. */
function languageOf(c: Context): PageLanguage {
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

type Status = 200 | 400 | 404;

function page(c: Context, lang: PageLanguage, status: Status, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
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

/** The channels the page offers: every channel a topic is on, and any the contact consented to. */
function channelsShown(topics: Topic[], contact: ContactRow): MessageChannel[] {
  return MESSAGE_CHANNELS.filter((channel) => topics.some((t) => t.channels.includes(channel)) || contact.consents[channel] === true);
}

const topicValue = (topic: string, channel: MessageChannel) => `${topic}:${channel}`;

function form(words: PreferenceWords, lang: PageLanguage, topics: Topic[], contact: ContactRow, preferences: ContactPreferences) {
  const checkbox = (id: string, name: string, value: string, checked: boolean, label: string) =>
    html`<div class="choice"><input type="checkbox" id="${id}" name="${name}" value="${value}"${checked ? html` checked` : ''}><label for="${id}">${label}</label></div>`;
  const topicFields = topics.map(
    (topic) => html`<fieldset class="topic"><legend>${topic.name}</legend>${topic.description ? html`<p class="hint">${topic.description}</p>` : ''}
${topic.channels.map((channel) => checkbox(`topic-${topic.id}-${channel}`, 'topic', topicValue(topic.id, channel), preferences.topics[topic.id]?.[channel] !== false, words.channel[channel]))}</fieldset>`,
  );
  const channels = channelsShown(topics, contact);
  return html`<p>${words.intro}</p>
<form method="post" action="?lang=${lang}">
<fieldset><legend>${words.topicsLegend}</legend>${topics.length ? html`<p class="hint">${words.topicsHint}</p>${topicFields}` : html`<p>${words.noTopics}</p>`}</fieldset>
${channels.length
  ? html`<fieldset><legend>${words.channelsLegend}</legend><p class="hint">${words.channelsHint}</p>
${channels.map((channel) => checkbox(`channel-${channel}`, 'channel', channel, contact.consents[channel] === true, words.channelName[channel]))}</fieldset>`
  : ''}
<fieldset><legend>${words.frequencyLegend}</legend>
${FREQUENCY_CHOICES.map(
  (choice) =>
    html`<div class="choice"><input type="radio" id="frequency-${choice}" name="frequency" value="${choice}"${preferences.frequency === choice ? html` checked` : ''}><label for="frequency-${choice}">${words.frequency[choice]}</label></div>`,
)}</fieldset>
<button type="submit" id="save">${words.save}</button>
</form>`;
}

const many = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
const FormBody = z.object({ topic: many, channel: many, frequency: FrequencyChoice }).strict();

/** The contact's new preferences and consents from the form; undefined when a value is not one the page offered. */
function readForm(body: unknown, topics: Topic[], contact: ContactRow, before: ContactPreferences) {
  const parsed = FormBody.safeParse(body);
  if (!parsed.success) return undefined;
  const offered = new Set(topics.flatMap((t) => t.channels.map((channel) => topicValue(t.id, channel))));
  const shown = channelsShown(topics, contact);
  const ticked = new Set(parsed.data.topic);
  const channels = new Set(parsed.data.channel);
  if ([...ticked].some((v) => !offered.has(v)) || [...channels].some((v) => !(shown as string[]).includes(v))) return undefined;
  const chosen = Object.fromEntries(topics.map((t) => [t.id, Object.fromEntries(t.channels.map((channel) => [channel, ticked.has(topicValue(t.id, channel))]))]));
  const preferences: ContactPreferences = { topics: { ...before.topics, ...chosen }, frequency: parsed.data.frequency };
  const consents = Object.fromEntries(shown.filter((ch) => (contact.consents[ch] === true) !== channels.has(ch)).map((ch) => [ch, channels.has(ch)]));
  return { preferences, consents };
}

/**
 * The contact's preference centre (outside /api, no API key: the signed token in the link is the credential). GET shows
 * the topics on their channels, the channels and the frequency; POST saves them, each change recorded with the source
 * preference_centre, and shows the page again with the outcome announced. Plain HTML forms: no script anywhere.
 */
export function preferenceCentreRoutes(app: Hono<any>, { db, clock, runtime, channels }: PreferenceCentreDeps): void {
  const invalid = (c: Context, lang: PageLanguage, reading: Extract<PreferencesReading, { ok: false }>) => {
    const words = PREFERENCE_WORDS[lang];
    return page(c, lang, 400, words.invalidTitle, html`<p>${words[reading.reason]}</p>`);
  };
  const gone = (c: Context, lang: PageLanguage) => page(c, lang, 404, PREFERENCE_WORDS[lang].goneTitle, html`<p>${PREFERENCE_WORDS[lang].gone}</p>`);

  app.get(STYLESHEET, (c) => c.body(PREFERENCE_CENTRE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }));

  /** The contact the link names, or the page that says why there is none. */
  const contactOf = (c: Context, lang: PageLanguage) => {
    const reading = channels.readPreferences(c.req.param('token') ?? '');
    if (!reading.ok) return { refused: invalid(c, lang, reading) };
    const contact = findContact(db, reading.data.contactId);
    return contact ? { contact } : { refused: gone(c, lang) };
  };

  app.get('/p/:token', (c) => {
    const lang = languageOf(c);
    const found = contactOf(c, lang);
    if (!found.contact) return found.refused;
    const { contact } = found;
    const words = PREFERENCE_WORDS[lang];
    return page(c, lang, 200, words.title, form(words, lang, loadTopics(db).topics, contact, preferencesOf(db, contact.id)));
  });

  app.post('/p/:token', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('request too large', 413) }), async (c) => {
    const lang = languageOf(c);
    const found = contactOf(c, lang);
    if (!found.contact) return found.refused;
    const { contact } = found;
    const words = PREFERENCE_WORDS[lang];
    const { topics } = loadTopics(db);
    const type = c.req.header('content-type') ?? '';
    const body = /^application\/x-www-form-urlencoded\b/i.test(type) ? await c.req.parseBody({ all: true }) : undefined;
    const next = readForm(body, topics, contact, preferencesOf(db, contact.id));
    if (!next) return page(c, lang, 400, words.badFormTitle, html`<p>${words.badForm}</p>`);
    const changed = inTransaction(db, () => {
      const consentsChanged = Object.keys(next.consents).length;
      if (consentsChanged) runtime.upsertContacts([{ id: contact.id, patch: { consents: next.consents } }], PREFERENCE_CENTRE_SOURCE);
      return consentsChanged + savePreferences(db, contact.id, next.preferences, PREFERENCE_CENTRE_SOURCE, clock.now());
    });
    const saved = findContact(db, contact.id) ?? contact;
    // Focus lands on the outcome, which a screen reader announces (role=status) before the form again.
    const outcome = html`<p class="outcome" role="status" id="outcome" tabindex="-1" autofocus>${changed ? words.saved : words.unchanged}</p>`;
    return page(c, lang, 200, words.title, html`${outcome}${form(words, lang, topics, saved, preferencesOf(db, contact.id))}`);
  });
}
