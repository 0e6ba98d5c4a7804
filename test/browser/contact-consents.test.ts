import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/** A contact's consents on the Contacts page, and the forecast's hold-backs by the contact's preferences, in a real browser. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;
const welcome = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8')) as { id: string; nodes: Array<{ id: string; config: Record<string, unknown> }> };
// The welcome email is on the topic "offers".
welcome.nodes.find((n) => n.id === 'send_welcome')!.config.topic = 'offers';
const FORM = { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (sign-up form)' };

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      expect((await s.api('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] })).status).toBe(200);
      expect((await s.api('POST', '/scenarios/import', welcome)).status).toBeLessThan(300);
      // Two contacts who signed up three weeks ago, one of whom opted out of offers by email.
      const signedUp = new Date(Date.now() - 21 * 86_400_000).toISOString();
      for (const id of ['ana', 'bruno']) {
        expect((await s.api('PUT', `/contacts/${id}`, { attributes: { firstName: id, email: `${id}@example.com` }, consents: { email: true } })).status).toBe(200);
        expect((await s.api('POST', '/track', { userId: id, event: 'signed_up', timestamp: signedUp })).status).toBe(200);
      }
      expect((await s.api('PUT', '/contacts/ana/preferences', { topics: { offers: { email: false } }, frequency: 'weekly' })).status).toBe(200);
      // Zoé gives her email consent on a form, with double opt-in on: it awaits her confirmation.
      const doubleOptIn = { email: true, sms: false, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 };
      expect((await s.api('PUT', '/settings/double-opt-in', doubleOptIn)).status).toBe(200);
      const zoe = { attributes: { firstName: 'Zoé', email: 'zoe@example.com' }, consents: { email: true, sms: false }, consentProof: FORM };
      expect((await s.api('PUT', '/contacts/zoe', zoe)).status).toBe(200);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

describe("a contact's consents and the forecast's hold-backs in a real browser", () => {
  it("shows a pending consent with its request and its proof on the contact's page", async () => {
    await page.goto(`${server.url}/#/contacts/zoe`);
    const consents = page.getByTestId('contact-consents');
    await consents.locator('li[data-channel="email"]').waitFor();
    expect(await consents.locator('li[data-channel="email"]').getAttribute('data-status')).toBe('pending');
    expect(await consents.locator('li[data-channel="email"]').textContent()).toBe('email pending');
    expect(await consents.locator('li[data-channel="sms"]').getAttribute('data-status')).toBe('withdrawn');
    expect(await consents.getByTestId('pending-email').textContent()).toMatch(/^email: consent requested .+; (the confirmation message has not gone out yet|confirmation sent .+, its link expires .+)\.$/);
    const history = consents.getByRole('table', { name: 'Consent history' });
    const requested = history.locator('tr[data-change="pending"]');
    expect(await requested.locator('td').allTextContents()).toEqual([expect.any(String), 'email', 'requested, awaiting confirmation', 'api', FORM.ip, FORM.userAgent]);
    await screenshot(page, 'contact-consents');
  });

  it("shows a contact's topics opted out of and frequency choice", async () => {
    await page.goto(`${server.url}/#/contacts/ana`);
    const consents = page.getByTestId('contact-consents');
    await consents.getByTestId('frequency-choice').waitFor();
    expect(await consents.getByTestId('frequency-choice').textContent()).toBe('Frequency choice: at most weekly.');
    expect(await consents.getByTestId('topics-opted-out').textContent()).toBe('Topics opted out of: offers (email).');
    expect(await consents.locator('li[data-channel="email"]').getAttribute('data-status')).toBe('granted');
  });

  it("the forecast panel shows the welcome email held back by a contact's topic opt-out, apart from caps", async () => {
    await page.goto(`${server.url}/#/scenarios/${welcome.id}`);
    await page.getByRole('button', { name: 'Forecast pressure' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pressure forecast' });
    await dialog.getByTestId('forecast').waitFor();
    const choices = dialog.getByRole('table', { name: 'Held back by the contact’s preferences' });
    // Ana opted out of offers by email: her welcome email is held back, one contact.
    expect(await choices.locator('tr[data-rule="topic"] td').allTextContents()).toEqual(['Topic opted out', 'email', '1', '0', '1', 'opted out of topic offers on email']);
    await screenshot(page, 'forecast-topic-held');
    expect(pageErrors).toEqual([]);
  });
});
