import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';
import { journeyToStart, openWithJourney } from './sim-campaign-support.ts';

/** A local-time campaign start in the simulation panel: it reaches the contact at the campaign's time in their own zone. */

let server: RunningServer;
let page: Page;
let app: AppSession;

beforeAll(async () => {
  app = await openWithJourney(journeyToStart('local-news', 'Local newsletter'));
  ({ server, page } = app);
}, 120_000);

afterAll(() => app?.close());

const form = () => page.getByTestId('sim-campaign');
const starts = () => page.getByTestId('sim-campaign-starts');

describe('a local-time campaign start in the simulation panel', () => {
  it("starts a contact in Tokyo at 09:00 their time for a campaign at 09:00 in Paris, before a campaign at that Paris instant", async () => {
    await page.goto(`${server.url}/#/scenarios/local-news`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByTestId('simulation-panel').locator('details').first().getByLabel('Time zone').fill('Asia/Tokyo');
    await form().locator('summary').click();
    // The clock starts on 5 January at 08:00 UTC: a day in is 09:00 in Paris, which is midnight UTC in Tokyo (+16h).
    await form().getByLabel('Campaign starts the journey at').fill('1d');
    await form().getByLabel('At each contact’s local time').check();
    await form().getByLabel('Campaign time zone').fill('Europe/Pariss');
    await form().getByRole('button', { name: 'Add the campaign start' }).click();
    await expect.poll(() => form().getByRole('alert').textContent()).toBe('Give an IANA time zone, such as Europe/Paris.');
    await form().getByLabel('Campaign time zone').fill('Europe/Paris');
    await form().getByRole('button', { name: 'Add the campaign start' }).click();
    await expect.poll(() => form().getByRole('alert').count()).toBe(0);
    // The same instant without local time reaches the contact at 09:00 in Paris, when the journey is under way.
    await form().getByLabel('At each contact’s local time').uncheck();
    await form().getByRole('button', { name: 'Add the campaign start' }).click();
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    await expect.poll(() => starts().locator('li').allTextContents()).toEqual([
      '+16h: the campaign started the journey (pass 1).',
      '+1d: the campaign did not start the journey: the contact is already in it.',
    ]);
    await expect.poll(() => page.getByTestId('sim-result').locator('.trace li').first().textContent()).toMatch(/^\+16h/);
    expect(app.pageErrors).toEqual([]);
    await screenshot(page, 'simulate-campaign-local');
  });
});
