import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillCampaign, openCampaignApp, seedCampaigns } from './campaign-support.ts';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';

/** The Campaigns page in a real browser against the real server, on its manual clock. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;


beforeAll(async () => {
  app = await openCampaignApp((s) => seedCampaigns(s, [['ann', 'pro'], ['bob', 'pro'], ['cid', 'pro'], ['dan', 'free']].map(([id, plan]) => ({ id, attributes: { plan }, consent: true }))));
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const form = () => page.getByTestId('campaign-form');
const detail = () => page.getByTestId('campaign-detail');

describe('the Campaigns page in a real browser', () => {
  it('creates a campaign for a segment with its audience preview, runs it on the clock, and shows the report', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: /Campaigns/ }).click();
    expect(page.url()).toMatch(/#\/campaigns$/);
    await page.getByRole('button', { name: 'New campaign' }).click();
    await fillCampaign(form(), 'January news');
    // The preview: the segment's size now and its first members.
    await expect.poll(() => form().getByTestId('campaign-preview').getByTestId('segment-size').textContent()).toBe('3 contacts');
    await expect.poll(() => form().getByTestId('segment-member').count()).toBe(3);
    await form().getByLabel(/^Spread over/).fill('2 hours');
    await screenshot(page, 'campaigns-form');
    await form().getByRole('button', { name: 'Schedule the campaign' }).click();

    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/camp-[0-9a-f]+$/);
    expect(await detail().getByTestId('campaign-status').textContent()).toBe('active');
    expect(await detail().getByTestId('campaign-schedule').textContent()).toBe('Once, on 2026-01-05 at 10:00 (UTC) spread over 2h');
    await expect.poll(() => detail().textContent()).toContain('No run yet.');

    // Two hours after 10:00 every member has been started, paced over the window.
    expect((await server.api('POST', '/clock', { to: '2026-01-05T12:00:00Z' })).status).toBe(200);
    await page.reload();
    const run = detail().getByTestId('campaign-run');
    await expect.poll(() => run.count()).toBe(1);
    expect(await run.getByTestId('run-audience').textContent()).toBe('3');
    expect(await run.getByTestId('run-enrolled').textContent()).toBe('3');
    expect(await detail().getByTestId('campaign-status').textContent()).toBe('completed');
    await screenshot(page, 'campaigns-report');
    expect(pageErrors).toEqual([]);
  });

  it('speaks French', async () => {
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Campagnes');
    expect(await detail().getByTestId('campaign-status').textContent()).toBe('terminée');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });
});
