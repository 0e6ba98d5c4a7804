import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';
import { journeyToStart, openWithJourney } from './sim-campaign-support.ts';

/** The simulator's "a campaign starts the journey at …": added from the panel, run in the browser, its outcome shown. */

let server: RunningServer;
let page: Page;
let app: AppSession;

beforeAll(async () => {
  app = await openWithJourney(journeyToStart('news', 'Newsletter'), async (s) => {
    const segment = await s.api('POST', '/segments', { name: 'Pro customers', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
    if (segment.status !== 201) throw new Error(`could not create the segment: ${JSON.stringify(segment.body)}`);
  });
  ({ server, page } = app);
}, 120_000);

afterAll(() => app?.close());

const form = () => page.getByTestId('sim-campaign');
const starts = () => page.getByTestId('sim-campaign-starts');

async function addCampaignStart(at: string, segment: string) {
  await form().getByLabel('Campaign starts the journey at').fill(at);
  await form().getByLabel('Campaign segment').selectOption({ label: segment });
  await form().getByRole('button', { name: 'Add the campaign start' }).click();
}

describe('a campaign start in the simulation panel', () => {
  it('starts the journey at the campaign’s time, skips it outside the segment and while the contact is in it', async () => {
    await page.goto(`${server.url}/#/scenarios/news`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await form().locator('summary').click();
    // The simulated contact (no plan) is not in the segment; without a segment it is in the audience.
    await addCampaignStart('1h', 'Pro customers');
    await form().getByLabel('Campaign starts the journey at').fill('soon');
    await form().getByRole('button', { name: 'Add the campaign start' }).click();
    await expect.poll(() => form().getByRole('alert').textContent()).toMatch(/offset from the start/);
    await addCampaignStart('1d', 'None: the contact is in the audience');
    await addCampaignStart('2d', 'None: the contact is in the audience');
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    await expect.poll(() => starts().locator('li').allTextContents()).toEqual([
      '+1h: the campaign did not start the journey: the contact is not in the campaign’s segment.',
      '+1d: the campaign started the journey (pass 1).',
      '+2d: the campaign did not start the journey: the contact is already in it.',
    ]);
    // The API entry waited for the campaign: the path starts a day in.
    await expect.poll(() => page.getByTestId('sim-result').locator('.trace li').first().textContent()).toMatch(/^\+1d/);
    await screenshot(page, 'sim-campaign');
  });
});
