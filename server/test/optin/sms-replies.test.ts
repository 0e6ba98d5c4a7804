import { afterEach, describe, expect, it } from 'vitest';
import { feedbackSignature } from '../../src/engagement/signature.ts';
import { START } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from '../pressure/harness.ts';
import type { FeedbackProvider } from '../../src/channels/index.ts';

const SECRET = 'sms-provider-secret-0123456789abcdef';
const PROVIDER = { secret: SECRET, toleranceSeconds: 300 } as FeedbackProvider;
const ON = { email: false, sms: true, smsKeywords: { confirm: ['OUI', 'YES'], stop: ['STOP'] }, linkTtlDays: 7 };
const PHONE = '+33612345678';

let h: PressureHarness;
afterEach(() => h.close());

/** A reply as the provider posts it, signed with its secret (or another one). */
async function reply(body: unknown, secret = SECRET) {
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(h.clock.now() / 1000));
  const response = await h.app.request('/api/inbound/sms/smsgw', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-parcours-timestamp': timestamp, 'x-parcours-signature': feedbackSignature(secret, timestamp, text) },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as any };
}

async function pendingLeo() {
  h = pressureHarness({ feedback: { smsgw: PROVIDER } });
  expect((await h.call('PUT', '/settings/double-opt-in', ON)).status).toBe(200);
  await h.call('PUT', '/contacts/leo', { attributes: { phone: PHONE, locale: 'fr' }, consents: { sms: true } });
  expect((await h.call('GET', '/contacts/leo/consents')).body.pending).toEqual(['sms']);
}

describe('double opt-in by text message', () => {
  it('sends a text asking for the keyword, and a signed reply with it grants the consent, once', async () => {
    await pendingLeo();
    expect(await h.dispatch()).toBe(1);
    const [sms] = (await h.call('GET', '/messages?contactId=leo')).body.items;
    expect(sms).toMatchObject({ channel: 'sms', status: 'sandboxed', rendered: { text: 'Répondez OUI pour confirmer que vous souhaitez recevoir nos SMS. Répondez STOP pour refuser.' } });

    expect(await reply({ id: 'r1', from: PHONE, text: ' oui !' })).toEqual({ status: 200, body: { outcome: 'confirmed' } });
    expect((await h.call('GET', '/contacts/leo')).body.consents).toEqual({ sms: true });
    const history = (await h.call('GET', '/contacts/leo/consents')).body;
    expect(history.pending).toBeUndefined();
    expect(history.changes.at(-1)).toEqual({ channel: 'sms', granted: true, source: 'sms_reply', at: new Date(START).toISOString() });

    // The same reply replayed (same id, freshly signed) is refused and changes nothing.
    const replayed = await reply({ id: 'r1', from: PHONE, text: 'oui' });
    expect(replayed.status).toBe(409);
    expect(replayed.body.error.code).toBe('replayed');
    expect((await h.call('GET', '/contacts/leo/consents')).body.changes).toHaveLength(2);
  });

  it('refuses a reply not signed with the provider secret, or with a bad body, and changes nothing', async () => {
    await pendingLeo();
    expect((await reply({ id: 'r1', from: PHONE, text: 'OUI' }, 'another-secret-0123456789abcdef')).status).toBe(401);
    const bad = await reply({ id: 'r2', from: '0612345678', text: 'OUI' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['from']);
    expect((await h.call('GET', '/contacts/leo')).body.consents).toEqual({});
    // Not a keyword: read, ignored.
    expect((await reply({ id: 'r3', from: PHONE, text: 'who is this?' })).body).toEqual({ outcome: 'ignored' });
    expect((await h.call('GET', '/contacts/leo/consents')).body.pending).toEqual(['sms']);
  });

  it('withdraws on STOP at once, pending or given', async () => {
    await pendingLeo();
    expect((await reply({ id: 'r1', from: PHONE, text: 'STOP' })).body).toEqual({ outcome: 'withdrawn' });
    const history = (await h.call('GET', '/contacts/leo/consents')).body;
    expect(history.pending).toBeUndefined();
    expect(history.changes.at(-1)).toMatchObject({ channel: 'sms', granted: false, source: 'sms_reply' });
    // The confirmation not sent yet is skipped: the request is over.
    await h.dispatch();
    expect((await h.call('GET', '/messages?contactId=leo')).body.items).toMatchObject([{ status: 'skipped' }]);
  });
});
