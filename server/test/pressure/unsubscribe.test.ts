import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUnsubscribeToken, unsubscribeUrl } from '../../src/channels/index.ts';
import { consentChanges, contacts } from '../../src/db/schema.ts';
import { SECRET } from '../channels/fixtures.ts';
import { START } from '../helpers.ts';
import { pressureHarness, type PressureHarness } from './harness.ts';

const DAY = 86_400_000;
let h: PressureHarness;
beforeEach(async () => {
  h = pressureHarness();
  await h.call('PUT', '/contacts/zoe', { attributes: { email: 'zoe@example.test' }, consents: { email: true, sms: true } });
});
afterEach(() => h.close());

const linkFor = (contactId: string, channel: 'email' | 'sms' = 'email') =>
  unsubscribeUrl(contactId, channel, { publicUrl: 'https://parcours.test', secret: SECRET, ttlDays: 30, now: () => h.clock.now() });

const withoutSignature = (link: string) => link.slice(0, link.lastIndexOf('.'));
const consentsOf = (id: string) => h.db.select({ consents: contacts.consents }).from(contacts).where(eq(contacts.id, id)).get()?.consents;
const changesOf = (id: string) => h.db.select().from(consentChanges).where(eq(consentChanges.contactId, id)).all();

describe('unsubscribe links (RFC 8058)', () => {
  it('GET shows a confirmation page with a one-click form and changes nothing', async () => {
    const page = await h.unsubscribe(linkFor('zoe', 'sms'), 'GET');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Unsubscribe from text messages');
    expect(page.text).toMatch(/<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">/);
    expect(consentsOf('zoe')).toEqual({ email: true, sms: true });
    expect(changesOf('zoe')).toHaveLength(2);
  });

  it('POST withdraws the consent of that channel only, records it once, and needs no API key', async () => {
    const link = linkFor('zoe', 'sms');
    h.clock.advance(DAY);
    expect((await h.unsubscribe(link)).status).toBe(200);
    expect((await h.unsubscribe(link)).status).toBe(200);
    expect(consentsOf('zoe')).toEqual({ email: true, sms: false });
    expect(changesOf('zoe').map(({ channel, granted, source, at }) => ({ channel, granted, source, at }))).toEqual([
      { channel: 'email', granted: true, source: 'api', at: START },
      { channel: 'sms', granted: true, source: 'api', at: START },
      { channel: 'sms', granted: false, source: 'unsubscribe_link', at: START + DAY },
    ]);
  });

  it.each([
    ['a forged signature', () => `${withoutSignature(linkFor('zoe'))}.${'A'.repeat(43)}`, 'not valid'],
    ['a truncated link', () => withoutSignature(linkFor('zoe')), 'incomplete'],
    ['another secret', () => `https://parcours.test/u/${createUnsubscribeToken({ contactId: 'zoe', channel: 'email', expiresAt: START + DAY }, 'x'.repeat(40))}`, 'not valid'],
  ])('refuses %s with a 400 page and changes nothing', async (_name, link, message) => {
    for (const method of ['GET', 'POST'] as const) {
      const page = await h.unsubscribe(link(), method);
      expect(page.status).toBe(400);
      expect(page.text).toContain(message);
    }
    expect(consentsOf('zoe')).toEqual({ email: true, sms: true });
    expect(changesOf('zoe')).toHaveLength(2);
  });

  it('refuses an expired link', async () => {
    const link = linkFor('zoe');
    h.clock.advance(31 * DAY);
    const page = await h.unsubscribe(link);
    expect(page).toMatchObject({ status: 400, text: expect.stringContaining('expired') });
    expect(consentsOf('zoe')).toEqual({ email: true, sms: true });
  });

  it('refuses a POST without the one-click field', async () => {
    for (const body of ['', 'List-Unsubscribe=Maybe']) expect((await h.unsubscribe(linkFor('zoe'), 'POST', body)).status).toBe(400);
    expect(consentsOf('zoe')).toEqual({ email: true, sms: true });
  });

  it('does not bring an erased contact back', async () => {
    const link = linkFor('zoe');
    expect((await h.call('DELETE', '/contacts/zoe')).status).toBe(204);
    expect((await h.unsubscribe(link)).status).toBe(200);
    expect(consentsOf('zoe')).toBeUndefined();
  });
});
