import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer } from './harness.ts';

/** Double opt-in: the switch in Settings, and the confirmation page a contact reaches from the email, in both languages. */

let server: RunningServer;
let page: Page;
let app: AppSession;

beforeAll(async () => {
  app = await openApp({ timeout: 15_000, signIn: true });
  ({ server, page } = app);
}, 120_000);

afterAll(() => app?.close());

/** The confirmation link of the contact's confirmation email, once the server's dispatcher has sent it (to the sandbox). */
async function confirmationLink(contactId: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(async () => {
      const items = (await server.api<{ items: Array<{ rendered?: { text?: string } }> }>('GET', `/messages?contactId=${contactId}`)).body.items;
      link = items[0]?.rendered?.text?.match(/https?:\/\/\S+\/c\/[\w-]+\.[\w-]+/)?.[0];
      return link;
    }, { timeout: 10_000 })
    .toBeDefined();
  return link!;
}

describe('double opt-in in a real browser', () => {
  it('is switched on for email in Settings, kept across a reload', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('double-opt-in-form');
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved · off on every channel');
    await form.getByLabel('Email', { exact: true }).check();
    await form.getByRole('button', { name: 'Save double opt-in' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved · on for Email');
    expect((await server.api<{ email: boolean; sms: boolean }>('GET', '/settings/double-opt-in')).body).toMatchObject({ email: true, sms: false });
    await page.reload();
    await expect.poll(() => page.getByTestId('double-opt-in-form').getByLabel('Email', { exact: true }).isChecked()).toBe(true);
  });

  it('confirms a pending consent from the page of the email link, in English', async () => {
    expect((await server.api('PUT', '/contacts/zoe', { attributes: { email: 'zoe@example.test' }, consents: { email: true } })).status).toBe(200);
    expect((await server.api<{ consents: object }>('GET', '/contacts/zoe')).body.consents).toEqual({});
    await page.goto(await confirmationLink('zoe'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirm your subscription');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you: your subscription is confirmed.');
    expect((await server.api<{ consents: object }>('GET', '/contacts/zoe')).body.consents).toEqual({ email: true });
  });

  it('speaks French through its language switch, and confirms in French', async () => {
    expect((await server.api('PUT', '/contacts/leo', { attributes: { email: 'leo@example.test', locale: 'fr' }, consents: { email: true } })).status).toBe(200);
    await page.goto(await confirmationLink('leo'));
    await page.getByRole('link', { name: 'Français' }).click();
    await expect.poll(() => page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Confirmez votre inscription');
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Merci\u00a0: votre inscription est confirmée.');
    expect((await server.api<{ consents: object }>('GET', '/contacts/leo')).body.consents).toEqual({ email: true });
  });

  it('says clearly when a link was tampered with, and confirms nothing', async () => {
    const link = await confirmationLink('leo');
    await page.goto(`${link.slice(0, -4)}AAAA`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Link not valid');
  });
});
