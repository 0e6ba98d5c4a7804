import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { Channels, UnsubscribeVerification } from '../../channels/index.ts';
import type { Clock } from '../../clock.ts';
import { inTransaction, type Db } from '../../db/open.ts';
import { CounterDeltas } from '../../store/counters.ts';
import { findMessage, recordEngagement } from '../../store/engagement.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { findContact } from '../../store/contacts.ts';

export interface UnsubscribeDeps {
  db: Db;
  clock: Clock;
  runtime: Runtime;
  channels: Pick<Channels, 'verifyUnsubscribe'>;
}

/** What a recorded consent change says made it. */
export const UNSUBSCRIBE_SOURCE = 'unsubscribe_link';

const CHANNEL_NAMES = { email: 'emails', sms: 'text messages', push: 'push notifications' } as const;

const INVALID: Record<Extract<UnsubscribeVerification, { ok: false }>['reason'], string> = {
  malformed: 'This unsubscribe link is incomplete. Copy the whole link from the message, or use the link of a more recent message.',
  bad_signature: 'This unsubscribe link is not valid. Use the link of a more recent message.',
  expired: 'This unsubscribe link has expired. Use the link of a more recent message.',
};

// A page of our own with nothing to load: no script, styles inline, the form posts back here only.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex',
};

function page(c: Context, status: 200 | 400, title: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return c.html(
    html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body><h1>${title}</h1>${body}</body></html>`,
    status,
    SECURITY_HEADERS,
  );
}

/** RFC 8058: a one-click unsubscribe POST carries exactly this form field. */
async function isOneClick(c: Context): Promise<boolean> {
  const type = c.req.header('content-type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return false;
  const form = await c.req.parseBody();
  return form['List-Unsubscribe'] === 'One-Click';
}

/**
 * The unsubscribe link of every message (outside /api, no API key: the signed token is the proof).
 * GET shows a confirmation page and changes nothing, since mail scanners open links; POST, from
 * that page or from the mail client's one-click button (RFC 8058), withdraws the consent.
 */
export function unsubscribeRoutes(app: Hono<any>, { db, clock, runtime, channels }: UnsubscribeDeps): void {
  const invalid = (c: Context, verification: Extract<UnsubscribeVerification, { ok: false }>) =>
    page(c, 400, 'Link not valid', html`<p>${INVALID[verification.reason]}</p>`);

  app.get('/u/:token', (c) => {
    const verification = channels.verifyUnsubscribe(c.req.param('token'));
    if (!verification.ok) return invalid(c, verification);
    const what = CHANNEL_NAMES[verification.channel];
    return page(
      c,
      200,
      `Unsubscribe from ${what}`,
      html`<p>You will no longer receive marketing ${what} from us.</p>
<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>`,
    );
  });

  app.post('/u/:token', bodyLimit({ maxSize: 4096, onError: (c) => c.text('request too large', 413) }), async (c) => {
    const verification = channels.verifyUnsubscribe(c.req.param('token'));
    if (!verification.ok) return invalid(c, verification);
    if (!(await isOneClick(c))) {
      return page(c, 400, 'Unsubscribe request not understood', html`<p>Use the button of the unsubscribe page to confirm.</p>`);
    }
    const { contactId, channel, messageId } = verification;
    // An erased contact has nothing left to withdraw; upserting would create it again.
    if (findContact(db, contactId)) {
      inTransaction(db, () => {
        runtime.upsertContacts([{ id: contactId, patch: { consents: { [channel]: false } } }], UNSUBSCRIBE_SOURCE);
        // The message whose link it was counts the unsubscribe (once), in the same transaction.
        const message = messageId === undefined ? undefined : findMessage(db, messageId);
        if (message) {
          const counters = new CounterDeltas();
          recordEngagement(db, message, 'unsubscribed', clock.now(), counters);
          counters.flush(db);
        }
      });
    }
    const what = CHANNEL_NAMES[channel];
    return page(c, 200, 'You are unsubscribed', html`<p>You will no longer receive marketing ${what} from us.</p>`);
  });
}
