import { afterEach, describe, expect, it } from 'vitest';
import { pressureHarness, type PressureHarness } from '../pressure/harness.ts';

/** What the Contacts page shows of a contact's consents: status per channel, the pending request, the proof, preferences. */
let h: PressureHarness;
afterEach(() => h.close());

const DAY = 86_400_000;
const ON = { email: true, sms: true, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 };
const FORM = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (sign-up form)' };
const iso = (ms: number) => new Date(ms).toISOString();

describe("a contact's consents over HTTP", () => {
  it('lists the pending request with when its confirmation went out and when its link expires, and the proof of each change', async () => {
    h = pressureHarness();
    expect((await h.call('PUT', '/settings/double-opt-in', ON)).status).toBe(200);
    expect((await h.call('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] })).status).toBe(200);
    const asked = h.clock.now();
    const zoe = { attributes: { email: 'zoe@example.test', phone: '+33612345678' }, consents: { email: true, sms: true, push: false }, consentProof: FORM };
    expect((await h.call('PUT', '/contacts/zoe', zoe)).status).toBe(200);
    expect((await h.call('PUT', '/contacts/zoe/preferences', { topics: { offers: { email: false } }, frequency: 'weekly' })).status).toBe(200);

    const before = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(before.consents).toEqual({ push: false });
    expect(before.pending).toEqual(['email', 'sms']);
    // Not sent yet: the confirmations wait in the outbox.
    expect(before.pendingRequests).toEqual([
      { channel: 'email', requestedAt: iso(asked), confirmationSentAt: null, expiresAt: null },
      { channel: 'sms', requestedAt: iso(asked), confirmationSentAt: null, expiresAt: null },
    ]);
    expect(before.changes.find((c: { channel: string }) => c.channel === 'email')).toEqual({ channel: 'email', granted: false, pending: true, source: 'api', at: iso(asked), ...FORM });
    expect(before.preferences).toEqual({ topics: { offers: { email: false } }, frequency: 'weekly' });

    h.clock.advance(60_000);
    const sent = h.clock.now();
    expect(await h.dispatch()).toBe(2);
    const after = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(after.pendingRequests).toEqual([
      { channel: 'email', requestedAt: iso(asked), confirmationSentAt: iso(sent), expiresAt: iso(sent + 7 * DAY) },
      // A text message confirms by a reply keyword: no link to expire.
      { channel: 'sms', requestedAt: iso(asked), confirmationSentAt: iso(sent), expiresAt: null },
    ]);
    // The data-rights export carries the same.
    expect((await h.call('GET', '/contacts/zoe/export')).body.consents.pendingRequests).toEqual(after.pendingRequests);
  });

  it('has no pending request once the consent is given without double opt-in', async () => {
    h = pressureHarness();
    expect((await h.call('PUT', '/contacts/max', { consents: { email: true } })).status).toBe(200);
    const body = (await h.call('GET', '/contacts/max/consents')).body;
    expect(body.consents).toEqual({ email: true });
    expect(body.pendingRequests).toBeUndefined();
  });
});
