import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer } from './harness.ts';

/** Site keys of the browser snippet, created in Settings, in a real browser against the real server. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

beforeAll(async () => {
  app = await openApp({ timeout: 15_000, signIn: true });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

describe('site keys in Settings', () => {
  it('creates a site key for the origins typed, and refuses an origin with a path, creating nothing', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('site-key-form');
    await form.getByLabel('New site key').fill('shop');
    await form.getByLabel('Allowed origins').fill('https://shop.example.com/cart');
    await form.getByRole('button', { name: 'Create site key' }).click();
    await expect.poll(() => page.getByText(/must be an origin/).count()).toBeGreaterThan(0);
    expect((await server.api<{ items: unknown[] }>('GET', '/site-keys')).body.items).toEqual([]);

    await form.getByLabel('Allowed origins').fill('https://shop.example.com, http://localhost:8080');
    await form.getByRole('button', { name: 'Create site key' }).click();
    const table = page.getByRole('table', { name: 'Site keys' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    const [key] = (await server.api<{ items: Array<{ key: string }> }>('GET', '/site-keys')).body.items;
    expect(key).toMatchObject({ name: 'shop', origins: ['https://shop.example.com', 'http://localhost:8080'] });
    expect(await table.locator('tbody tr').textContent()).toContain(key.key);
    expect(pageErrors).toEqual([]);
  });
});
