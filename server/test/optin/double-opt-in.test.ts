import { afterEach, describe, expect, it } from 'vitest';
import { contactSteps } from '../../src/store/contacts.ts';
import { parseMail } from '../channels/mime.ts';
import type { SmtpSink } from '../channels/servers.ts';
import { START, publishScenario, runTimersUntil } from '../helpers.ts';
import { pressureHarness, smtpPressureHarness, type PressureHarness } from '../pressure/harness.ts';
import { twoSends } from '../pressure/scenarios.ts';

const DAY = 86_400_000;
const ON = { email: true, sms: false, smsKeywords: { confirm: ['OUI', 'YES'], stop: ['STOP'] }, linkTtlDays: 7 };
const FORM = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (sign-up form)' };
const zoe = { attributes: { email: 'zoe@example.test', firstName: 'Zoé', nickname: 'z' }, consents: { email: true }, consentProof: FORM };

let h: PressureHarness;
let sink: SmtpSink | undefined;
afterEach(async () => {
  h.close();
  await sink?.close();
  sink = undefined;
});

async function smtpServer() {
  ({ h, sink } = await smtpPressureHarness());
  expect((await h.call('PUT', '/settings/double-opt-in', ON)).status).toBe(200);
}

/** The confirmation link of the newest mail the sink received, from its text part. */
function linkInLastMail(): string {
  const { parts } = parseMail(sink!.mails.at(-1)!.raw);
  const link = (parts.get('text/plain') ?? '').match(/https:\/\/parcours\.test\/c\/[\w-]+\.[\w-]+/)?.[0];
  expect(link).toBeDefined();
  return link!;
}

/** A visit of the contact's page at `url` (an absolute link from a message), without any API key. */
async function visit(url: string, method: 'GET' | 'POST' = 'GET', headers: Record<string, string> = {}) {
  const response = await h.app.request(new URL(url).pathname + new URL(url).search, { method, headers });
  return { status: response.status, text: await response.text(), csp: response.headers.get('content-security-policy') };
}

const skipsOf = (node: string) =>
  contactSteps(h.db, 'zoe')
    .all()
    .filter((s) => s.node === node)
    .map((s) => ({ outcome: s.outcome, rule: s.rule }));

describe('double opt-in settings', () => {
  it('are off until an admin turns them on; bad settings are refused with the field at fault and nothing saved', async () => {
    h = pressureHarness();
    expect((await h.call('GET', '/settings/double-opt-in')).body).toMatchObject({ email: false, sms: false, smsKeywords: { confirm: ['OUI', 'YES'] } });
    const bad = await h.call('PUT', '/settings/double-opt-in', { ...ON, smsKeywords: { confirm: ['two words'], stop: ['STOP'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['smsKeywords', 'confirm', 0]);
    expect((await h.call('GET', '/settings/double-opt-in')).body.email).toBe(false);
    expect((await h.call('PUT', '/settings/double-opt-in', ON)).body).toEqual(ON);
    expect((await h.call('GET', '/settings/double-opt-in')).body).toEqual(ON);
  });

  it('with double opt-in off, a consent is granted at once as before', async () => {
    h = pressureHarness();
    await h.call('PUT', '/contacts/zoe', zoe);
    expect((await h.call('GET', '/contacts/zoe')).body.consents).toEqual({ email: true });
    expect(await h.dispatch()).toBe(0);
  });
});

describe('double opt-in by email, end to end with a real SMTP server', () => {
  it('holds the consent pending, sends only the confirmation, grants on the link and then the journey sends', async () => {
    await smtpServer();
    await publishScenario(h, twoSends());
    expect((await h.call('PUT', '/contacts/zoe', zoe)).body.consents).toEqual({});
    const history = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(history.pending).toEqual(['email']);
    expect(history.changes).toEqual([{ channel: 'email', granted: false, pending: true, source: 'api', at: new Date(START).toISOString(), ...FORM }]);

    // The journey's first message is held back: pending consent lets nothing through but the confirmation.
    await h.call('POST', '/scenarios/two-sends/enrol', { contactId: 'zoe' });
    expect(skipsOf('send_first')).toContainEqual({ outcome: 'skipped', rule: 'consent_pending' });
    // The same consent given again opens no second request and sends no second confirmation.
    await h.call('PUT', '/contacts/zoe', zoe);
    expect(await h.dispatch()).toBe(1);
    expect(await h.dispatch()).toBe(0);
    expect(sink!.mails).toHaveLength(1);
    const { headers } = parseMail(sink!.mails[0].raw);
    expect(sink!.mails[0].to).toEqual(['zoe@example.test']);
    expect(headers.get('subject')).toBe('Please confirm your subscription');
    const link = linkInLastMail();

    // Following the link shows a button and changes nothing (a mail scanner may fetch it); the button confirms.
    const page = await visit(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<button type="submit" id="confirm">Confirm</button>');
    expect(page.csp).toContain("default-src 'none'");
    expect(page.text).not.toContain('<script');
    expect((await h.call('GET', '/contacts/zoe')).body.consents).toEqual({});
    h.clock.advance(60_000);
    const confirmed = await visit(link, 'POST', { 'user-agent': 'Mail app browser', 'x-forwarded-for': '198.51.100.9' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('your subscription is confirmed');
    expect((await h.call('GET', '/contacts/zoe')).body.consents).toEqual({ email: true });
    const after = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(after.pending).toBeUndefined();
    expect(after.changes.at(-1)).toEqual({ channel: 'email', granted: true, source: 'email_confirmation', at: new Date(START + 60_000).toISOString(), ip: '198.51.100.9', userAgent: 'Mail app browser' });
    // A second press changes nothing more.
    expect((await visit(link, 'POST')).text).toContain('already confirmed');
    expect((await h.call('GET', '/contacts/zoe/consents')).body.changes).toHaveLength(2);

    runTimersUntil(h, START + DAY + 120_000);
    expect(skipsOf('send_second')).toEqual([{ outcome: 'sent', rule: null }]);
    expect(await h.dispatch()).toBe(1);
    expect(sink!.mails).toHaveLength(2);
    expect(parseMail(sink!.mails[1].raw).headers.get('subject')).toContain('Again');
  });

  it('writes the confirmation in French for a French-speaking contact, and the page in French by the browser', async () => {
    await smtpServer();
    await h.call('PUT', '/contacts/zoe', { ...zoe, attributes: { ...zoe.attributes, locale: 'fr-FR' } });
    await h.dispatch();
    expect(parseMail(sink!.mails[0].raw).headers.get('subject')).toBe('Merci de confirmer votre inscription');
    const page = await visit(linkInLastMail(), 'GET', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(page.text).toContain('<html lang="fr">');
    expect(page.text).toContain('Confirmez votre inscription');
  });
});

describe('links that confirm nothing', () => {
  it('refuses an expired or forged link with a clear page, and leaves the consent pending', async () => {
    await smtpServer();
    await h.call('PUT', '/contacts/zoe', zoe);
    await h.dispatch();
    const link = linkInLastMail();
    const forged = `${link.slice(0, -3)}${link.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const refused = await visit(forged, 'POST');
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This link is not valid: nothing was confirmed.');
    h.clock.advance(8 * DAY);
    const expired = await visit(link, 'POST', { 'accept-language': 'fr' });
    expect(expired.status).toBe(400);
    expect(expired.text).toContain('Ce lien a expiré');
    expect((await h.call('GET', '/contacts/zoe/consents')).body.pending).toEqual(['email']);
    expect((await h.call('GET', '/contacts/zoe')).body.consents).toEqual({});
  });
});

describe('withdrawal', () => {
  it('is immediate while the confirmation is pending: the request ends, its message is not sent and its link confirms nothing', async () => {
    await smtpServer();
    await h.call('PUT', '/contacts/zoe', zoe);
    h.clock.advance(1000);
    await h.call('PUT', '/contacts/zoe', { consents: { email: false } });
    const history = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(history.pending).toBeUndefined();
    expect(history.changes.at(-1)).toEqual({ channel: 'email', granted: false, source: 'api', at: new Date(START + 1000).toISOString() });
    expect(await h.dispatch()).toBe(1);
    expect(sink!.mails).toHaveLength(0);
    const outbox = (await h.call('GET', '/messages?contactId=zoe')).body.items;
    expect(outbox).toMatchObject([{ status: 'skipped', reason: 'consent request withdrawn before its confirmation went out' }]);
  });
});

describe('proof of consent', () => {
  it('is exported with the contact data: the request and the confirmation, each with its time, source, address and browser', async () => {
    await smtpServer();
    await h.call('PUT', '/contacts/zoe', zoe);
    await h.dispatch();
    await visit(linkInLastMail(), 'POST', { 'user-agent': 'Phone browser', 'x-forwarded-for': '198.51.100.9' });
    const exported = (await h.call('GET', '/contacts/zoe/export')).body;
    expect(exported.consents.changes).toEqual([
      { channel: 'email', granted: false, pending: true, source: 'api', at: new Date(START).toISOString(), ...FORM },
      { channel: 'email', granted: true, source: 'email_confirmation', at: new Date(START).toISOString(), ip: '198.51.100.9', userAgent: 'Phone browser' },
    ]);
  });
});
