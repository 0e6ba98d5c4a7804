import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/** The audit log's retention on the Audit page: kept for good by default, set to a number of days, set back. */
let app: AppSession;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  app = await openApp({ signIn: true });
  ({ server, page } = app);
}, 120_000);

afterAll(() => app?.close());

const saved = () => page.getByRole('status').textContent();

describe('audit retention in a real browser', () => {
  it('sets how long the log keeps its entries, within the allowed days, and records the change in the log', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'How long the log keeps its entries' }).waitFor();
    expect(await page.getByLabel('Keep every entry').isChecked()).toBe(true);

    await page.getByLabel('Delete entries older than a number of days').check();
    await page.fill('#audit-retention-days', '90');
    const save = page.getByRole('button', { name: 'Save the retention' });
    expect(await save.isDisabled()).toBe(true);
    await page.fill('#audit-retention-days', '365');
    await save.click();
    await expect.poll(saved).toBe('Saved: entries older than 365 days will be deleted.');
    expect((await server.api('GET', '/settings/audit-retention')).body).toEqual({ days: 365 });
    await expect.poll(() => page.getByTestId('audit').getByText('Changed how long the audit log is kept').count()).toBe(1);
    await screenshot(page, 'audit-retention');

    await page.reload();
    await page.getByRole('heading', { name: 'How long the log keeps its entries' }).waitFor();
    await expect.poll(() => page.inputValue('#audit-retention-days')).toBe('365');
    await page.getByLabel('Keep every entry').check();
    await save.click();
    await expect.poll(saved).toBe('Saved: every entry is kept.');
    expect((await server.api('GET', '/settings/audit-retention')).body).toEqual({ days: null });
  });
});
