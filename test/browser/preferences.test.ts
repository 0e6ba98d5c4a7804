import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { preferencesUrl } from '../../server/src/channels/index.ts';
import { launchBrowser, screenshot, startServer, type Browser, type RunningServer } from './harness.ts';

/** The preference centre a contact reaches from an email, in a real browser on a phone-sized screen, keyboard only. */

const SECRET = 'preferences-browser-test-secret-0123456789';
let server: RunningServer;
let browser: Browser;
let page: Page;
let url: string;
const noWeb = mkdtempSync(join(tmpdir(), 'parcours-noweb-'));

beforeAll(async () => {
  // The page is the server's own: no web app build needed.
  server = await startServer(noWeb, (base) => ({ PARCOURS_PUBLIC_URL: base, PARCOURS_UNSUBSCRIBE_SECRET: SECRET }));
  const topics = { topics: [{ id: 'offers', name: 'Offers', channels: ['email', 'sms'] }, { id: 'news', name: 'Newsletter', description: 'Once a month', channels: ['email'] }] };
  expect((await server.api('PUT', '/settings/topics', topics)).status).toBe(200);
  expect((await server.api('PUT', '/contacts/zoe', { attributes: { email: 'zoe@example.test' }, consents: { email: true } })).status).toBe(200);
  url = preferencesUrl('zoe', { publicUrl: server.url, secret: SECRET, ttlDays: 30 });
  // A phone: 360 px wide, in French.
  browser = await launchBrowser({ width: 360, height: 740 }, { locale: 'fr-FR' });
  page = browser.page;
  page.setDefaultTimeout(10_000);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(noWeb, { recursive: true, force: true });
});

const activeId = () => page.evaluate(() => document.activeElement?.id ?? '');

/** Moves the focus with Tab only until it reaches the element with `id` (at most 30 presses). */
async function tabTo(id: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await activeId()) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** The focused element shows a visible outline. */
const focusVisible = () => page.evaluate(() => {
  const style = getComputedStyle(document.activeElement!);
  return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
});

describe('the preference centre in a real browser', () => {
  it('opens in French on a phone without horizontal scrolling, every box labelled, in fieldsets', async () => {
    await page.goto(url);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Vos préférences');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.getByRole('group', { name: 'Thèmes' }).isVisible()).toBe(true);
    expect(await page.getByRole('group', { name: 'Offers' }).getByLabel('Par e-mail').isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: 'Canaux' }).getByLabel('SMS').isChecked()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Dès qu’il y a du nouveau' }).isChecked()).toBe(true);
    await screenshot(page, 'preferences-fr-phone');
  });

  it('changes topics and frequency with the keyboard only; the outcome is focused and announced; the change is recorded with its source', async () => {
    await page.goto(url);
    // No offers by email, no newsletter, at most weekly.
    await tabTo('topic-offers-email');
    expect(await focusVisible()).toBe(true);
    await page.keyboard.press('Space');
    await tabTo('topic-news-email');
    await page.keyboard.press('Space');
    await tabTo('frequency-any');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeId()).toBe('frequency-weekly');
    await tabTo('save');
    expect(await focusVisible()).toBe(true);
    await Promise.all([page.waitForURL(/lang=fr/), page.keyboard.press('Enter')]);

    const outcome = page.getByRole('status');
    expect(await outcome.textContent()).toBe('Vos préférences sont enregistrées.');
    await expect.poll(activeId).toBe('outcome');
    expect(await page.getByRole('group', { name: 'Offers' }).getByLabel('Par e-mail').isChecked()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Au plus un message par semaine' }).isChecked()).toBe(true);

    const history = (await server.api<{ preferences: unknown; preferenceChanges: Array<{ topic: string | null; frequency: string | null; source: string }> }>('GET', '/contacts/zoe/consents')).body;
    expect(history.preferences).toEqual({ topics: { offers: { email: false, sms: true }, news: { email: false } }, frequency: 'weekly' });
    expect(history.preferenceChanges.map((c) => [c.topic ?? c.frequency, c.source])).toEqual([
      ['offers', 'preference_centre'],
      ['news', 'preference_centre'],
      ['weekly', 'preference_centre'],
    ]);
  });

  it('switches to English with the keyboard, and keeps the contact on the same page', async () => {
    await page.goto(url);
    await tabTo('lang-en');
    await Promise.all([page.waitForURL(/lang=en/), page.keyboard.press('Enter')]);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Your preferences');
    expect(await page.getByRole('radio', { name: 'At most one message a week' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, 'preferences-en-phone');
  });
});
