import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/** The Settings page and the pressure forecast, in a real browser against the real server. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;
const welcome = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8')) as { id: string; name: string };
const CONTACTS = ['ana', 'bruno', 'chloe', 'david'];

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios/import', welcome)).status).toBeLessThan(300);
      // Contacts who signed up three weeks ago: the forecast replays the last four weeks from now on, as if the draft were live.
      const signedUp = new Date(Date.now() - 21 * 86_400_000).toISOString();
      for (const id of CONTACTS) {
        expect((await s.api('PUT', `/contacts/${id}`, { attributes: { firstName: id, email: `${id}@example.com` }, consents: { email: true } })).status).toBeLessThan(300);
        expect((await s.api('POST', '/track', { userId: id, event: 'signed_up', timestamp: signedUp })).status).toBeLessThan(300);
      }
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

describe('settings and pressure forecast in a real browser', () => {
  it('keeps a global frequency cap set in Settings across a reload', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('pressure-form');
    await form.getByText('+ Add frequency cap').click();
    await form.getByLabel('Channel').selectOption('email');
    await form.getByLabel('Max').fill('2');
    await form.getByLabel('Per').fill('7d');
    await form.getByRole('button', { name: 'Save pressure rules' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/^Saved .* · 1 cap, no quiet hours$/);
    await page.reload();
    const reloaded = page.getByTestId('pressure-form');
    await expect.poll(() => reloaded.getByLabel('Per').inputValue()).toBe('7 days');
    expect(await reloaded.getByLabel('Max').inputValue()).toBe('2');
    expect(await reloaded.getByLabel('Channel').inputValue()).toBe('email');
    expect((await server.api('GET', '/settings/pressure')).body).toEqual({ frequencyCaps: [{ channel: 'email', max: 2, per: '7d' }] });
    const channels = page.getByRole('table', { name: 'Channels' });
    expect(await channels.locator('tr[data-channel="email"]').textContent()).toMatch(/sandbox/);
    await screenshot(page, 'settings');
  });

  it('shows a bad field inline and saves nothing', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('pressure-form');
    await expect.poll(() => form.getByLabel('Per').inputValue()).toBe('7 days');
    await form.getByLabel('Per').fill('every week');
    await form.getByRole('button', { name: 'Save pressure rules' }).click();
    await expect.poll(() => form.locator('[data-path="frequencyCaps.0.per"] .field-error').textContent()).toMatch(/"every week" is not a duration/);
    expect((await server.api('GET', '/settings/pressure')).body).toEqual({ frequencyCaps: [{ channel: 'email', max: 2, per: '7d' }] });
  });

  it('opens the pressure forecast of an example scenario', async () => {
    await page.goto(`${server.url}/#/scenarios/${welcome.id}`);
    await page.getByRole('button', { name: 'Forecast pressure' }).click();
    const dialog = page.getByRole('dialog', { name: 'Pressure forecast' });
    const forecast = dialog.getByTestId('forecast');
    await forecast.waitFor();
    expect(await forecast.textContent()).toMatch(`${CONTACTS.length} contacts sampled`);
    // Welcome sends three emails in five days: the global cap of 2 per 7 days holds the third back.
    expect(await forecast.locator('[data-channel="email"] .bar').count()).toBeGreaterThan(1);
    expect(await dialog.getByTestId('capped').textContent()).toMatch(`${CONTACTS.length} of ${CONTACTS.length} contacts`);
    expect(await dialog.getByRole('table', { name: 'Held back by rule' }).locator('tr[data-rule="frequency_cap"]').textContent()).toMatch(/Frequency cap/);
    expect(await dialog.getByRole('table', { name: 'Share per scenario' }).textContent()).toMatch(/welcome-series \(this draft\)/);
    await screenshot(page, 'pressure-forecast');
    expect(pageErrors).toEqual([]);
  });
});
