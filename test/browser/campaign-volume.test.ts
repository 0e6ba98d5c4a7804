import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillCampaign, openCampaignApp, seedCampaigns } from './campaign-support.ts';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';

/** A campaign's volume floor in a real browser against the real server, on its manual clock (issue 14 §3). */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

beforeAll(async () => {
  // Two pro customers; outside the segment, eve has the best score but no consent, cid the next best.
  app = await openCampaignApp((s) =>
    seedCampaigns(s, [
      { id: 'ann', attributes: { plan: 'pro', score: 5 }, consent: true },
      { id: 'bob', attributes: { plan: 'pro', score: 3 }, consent: true },
      { id: 'cid', attributes: { plan: 'free', score: 9 }, consent: true },
      { id: 'dan', attributes: { plan: 'free', score: 1 }, consent: true },
      { id: 'eve', attributes: { plan: 'free', score: 10 }, consent: false },
    ]),
  );
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const form = () => page.getByTestId('campaign-form');
const volume = () => form().getByTestId('campaign-volume');
const detail = () => page.getByTestId('campaign-detail');

describe('a campaign volume floor in a real browser', () => {
  it('sets a floor ordered by score, runs on the clock, and reports the contacts widening added', async () => {
    await page.goto(`${server.url}/#/campaigns`);
    await page.getByRole('button', { name: 'New campaign' }).click();
    await fillCampaign(form(), 'Floor of three');

    // A minimum above the maximum is refused on the minimum's field, and the campaign cannot be scheduled.
    await volume().getByLabel(/^At most/).fill('2');
    await volume().getByLabel(/^At least/).fill('3');
    await volume().getByLabel(/^Order by attribute/).fill('score');
    await expect.poll(() => volume().getByRole('alert').textContent()).toContain('must be at most the maximum (2)');
    expect(await form().getByRole('button', { name: 'Schedule the campaign' }).isDisabled()).toBe(true);
    await volume().getByLabel(/^At most/).fill('');
    expect(await volume().getByRole('alert').count()).toBe(0);
    // The attribute catalogue is suggested.
    expect(await volume().locator('#campaign-volume-attributes option[value="score"]').count()).toBe(1);
    await volume().getByLabel(/^Best first/).selectOption({ label: 'Highest value first' });
    await screenshot(page, 'campaign-volume-form');
    await form().getByRole('button', { name: 'Schedule the campaign' }).click();

    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/camp-[0-9a-f]+$/);
    expect((await server.api('POST', '/clock', { to: '2026-01-05T10:00:00Z' })).status).toBe(200);
    await page.reload();
    const run = detail().getByTestId('campaign-run');
    await expect.poll(() => run.count()).toBe(1);
    // ann and bob from the segment, cid added (eve, better scored, has no consent).
    expect(await run.getByTestId('run-audience').textContent()).toBe('2');
    expect(await run.getByTestId('run-enrolled').textContent()).toBe('3');
    expect(await run.getByTestId('run-widened').textContent()).toBe('1 added by widening');
    await screenshot(page, 'campaign-volume-report');

    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect.poll(() => run.getByTestId('run-widened').textContent()).toBe('1 ajouté par élargissement');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    expect(pageErrors).toEqual([]);
  });
});
