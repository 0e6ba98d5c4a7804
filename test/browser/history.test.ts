import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedWelcome } from './examples.ts';
import { type AppSession, openApp, screenshot } from './harness.ts';

/** Version history in a real browser: publish with a note, then the History panel says who, when and why. */
let app: AppSession;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    seed: seedWelcome,
  });
  page = app.page;
}, 120_000);

afterAll(() => app?.close());

describe('version history in a real browser', () => {
  it('keeps the note of the publish dialog and the publisher, and lists them in History', async () => {
    const me = (await page.getByTestId('signed-in-as').textContent())!.match(/Signed in as (\S+)/)![1];
    await page.goto(`${app.server.url}/#/scenarios/welcome-series`);
    await page.getByRole('button', { name: /^Publish( changes)?$/ }).click();
    const dialog = page.getByTestId('publish-dialog');
    await dialog.getByLabel('Note for this version (optional)').fill('First welcome series');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.locator('.banner.ok').textContent()).toMatch(/Published version 1/);
    await page.getByRole('button', { name: 'History' }).click();
    const entry = page.getByTestId('history').locator('li[data-version="1"]');
    await expect.poll(() => entry.textContent()).toContain('First welcome series');
    expect(await entry.textContent()).toContain(`by ${me}`);
    await screenshot(page, 'history-panel');
    await entry.getByRole('link', { name: 'Version 1' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scenarios\/welcome-series\/versions\/1$/);
    expect(app.pageErrors).toEqual([]);
  });
});
