import type { Context, Hono } from 'hono';
import { html } from 'hono/html';
import type { Channels } from '../../channels/index.ts';
import type { Db } from '../../db/open.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import type { ConsentProof } from '../../store/contacts.ts';
import { findConsentRequest } from '../../store/consent-requests.ts';
import { OPT_IN_WORDS } from '../../optin/words.ts';
import { contactPage, languageOf } from '../pages/contact-page.ts';
import { clientIp } from './tracking.ts';

export interface ConfirmConsentDeps {
  db: Db;
  runtime: Runtime;
  channels: Pick<Channels, 'readConfirmation'>;
}

/** What the consent history records as the source of a consent confirmed through the email's link. */
export const EMAIL_CONFIRMATION_SOURCE = 'email_confirmation';

/** The contact's address and browser, as the request shows them: the proof of a confirmation. */
export function proofOf(c: Context): ConsentProof {
  const ip = clientIp(c);
  const userAgent = c.req.header('user-agent')?.slice(0, 500);
  return { ...(ip ? { ip } : {}), ...(userAgent ? { userAgent } : {}) };
}

/**
 * The page of a double opt-in email's link (outside /api, no key: the signed token is the credential). GET shows a
 * button and changes nothing, so that a mail scanner fetching the link confirms nothing; POST (the button) grants the
 * consent, recording the contact's address and browser as proof. An expired or forged link says so and changes nothing.
 */
export function confirmConsentRoutes(app: Hono<any>, { db, runtime, channels }: ConfirmConsentDeps): void {
  /** The pending request the link names, or the page that says why nothing is to be confirmed. */
  const requestOf = (c: Context) => {
    const lang = languageOf(c);
    const words = OPT_IN_WORDS[lang];
    const reading = channels.readConfirmation(c.req.param('token') ?? '');
    if (!reading.ok) return { refused: contactPage(c, lang, 400, words.invalidTitle, html`<p>${words[reading.reason]}</p>`) };
    const request = findConsentRequest(db, reading.data.requestId);
    // Erasure takes the contact's requests with it.
    if (!request) return { refused: contactPage(c, lang, 404, words.goneTitle, html`<p>${words.gone}</p>`) };
    if (request.status === 'confirmed') return { refused: contactPage(c, lang, 200, words.confirmedTitle, html`<p id="outcome">${words.alreadyConfirmed}</p>`) };
    if (request.status === 'withdrawn') return { refused: contactPage(c, lang, 410, words.withdrawnTitle, html`<p id="outcome">${words.withdrawn}</p>`) };
    return { request, lang, words };
  };

  app.get('/c/:token', (c) => {
    const found = requestOf(c);
    if (!found.request) return found.refused;
    const { lang, words } = found;
    return contactPage(
      c,
      lang,
      200,
      words.pageTitle,
      html`<p>${words.pageIntro}</p><form method="post" action="?lang=${lang}"><button type="submit" id="confirm">${words.pageConfirm}</button></form>`,
    );
  });

  app.post('/c/:token', (c) => {
    const found = requestOf(c);
    if (!found.request) return found.refused;
    const { lang, words, request } = found;
    const outcome = runtime.confirmConsent(request.id, EMAIL_CONFIRMATION_SOURCE, proofOf(c));
    if (outcome === 'withdrawn') return contactPage(c, lang, 410, words.withdrawnTitle, html`<p id="outcome">${words.withdrawn}</p>`);
    const said = outcome === 'confirmed' ? words.confirmed : words.alreadyConfirmed;
    return contactPage(c, lang, 200, words.confirmedTitle, html`<p class="outcome" role="status" id="outcome">${said}</p>`);
  });
}
