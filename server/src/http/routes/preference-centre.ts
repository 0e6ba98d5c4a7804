import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import { FREQUENCY_CHOICES, FrequencyChoice, MESSAGE_CHANNELS, type ContactPreferences, type MessageChannel, type Topic } from '@parcours/shared';
import { z } from 'zod';
import type { Channels, PreferencesReading } from '../../channels/index.ts';
import type { Clock } from '../../clock.ts';
import { inTransaction, type Db } from '../../db/open.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { findContact, type ContactRow } from '../../store/contacts.ts';
import { loadTopics, preferencesOf, savePreferences } from '../../store/preferences.ts';
import { PREFERENCE_WORDS, type PageLanguage, type PreferenceWords } from '../pages/preference-words.ts';
import { contactPage as page, languageOf, STYLESHEET } from '../pages/contact-page.ts';
import { PREFERENCE_CENTRE_CSS } from '../pages/preference-centre.css.ts';

export interface PreferenceCentreDeps {
  db: Db;
  clock: Clock;
  runtime: Runtime;
  channels: Pick<Channels, 'readPreferences'>;
}

/** What a recorded consent or preference change says made it. */
export const PREFERENCE_CENTRE_SOURCE = 'preference_centre';

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
