import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contactsByArm, splitJourney } from '../../server/test/fixtures/split-journey.ts';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/**
 * Issue 15 part 3, journey analytics, in a real browser on the real server: the charts drawn from real
 * figures, a split's arms with their interval and p-value against the control, and a funnel chosen on the canvas.
 */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const scenario = splitJourney('offer', 'Spring offer');

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 1000 },
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', scenario)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/offer/publish')).status).toBe(201);
      const { offer, holdout } = contactsByArm(10);
      for (const id of [...offer, ...holdout]) {
        expect((await s.api('PUT', `/contacts/${id}`, { attributes: { email: `${id}@example.com` }, consents: { email: true } })).status).toBeLessThan(300);
        expect((await s.api('POST', '/track', { userId: id, event: 'go' })).status).toBeLessThan(300);
      }
      // 6 of 10 with the offer buy, for 25.50 each; 2 of 10 in the holdout.
      for (const id of [...offer.slice(0, 6), ...holdout.slice(0, 2)]) {
        expect((await s.api('POST', '/track', { userId: id, event: 'buy', properties: { revenue: 25.5 } })).status).toBeLessThan(300);
      }
    },
  });
  ({ server, page, pageErrors } = app);
}, 180_000);

afterAll(() => app?.close());

describe('journey analytics', () => {
  it('is reached from the editor and charts the real figures', async () => {
    await page.goto(`${server.url}/#/scenarios/offer`);
    await page.getByRole('link', { name: 'Analytics' }).click();
    await page.getByRole('heading', { name: 'Analytics' }).waitFor();
    const totals = page.getByTestId('totals');
    await expect.poll(() => totals.textContent()).toContain('Entries20');
    expect(await totals.textContent()).toContain('Conversions8 (40%)');
    expect(await totals.textContent()).toContain('Revenue204.00');

    const chart = page.getByTestId('journey-chart');
    // One line per figure, one dot per day of the 30-day range, and an axis that reaches today's 20 entries.
    expect(await chart.locator('.recharts-line').count()).toBe(4);
    expect(await chart.locator('.recharts-line-dot').count()).toBe(4 * 30);
    expect(await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents()).toContain('20');
    await page.getByText('Figures', { exact: true }).click();
    const today = page.getByTestId('series-table').locator('tbody tr').last();
    expect(await today.locator('td').allTextContents()).toEqual([new Date().toISOString().slice(0, 10), '20', '8', '0', '0', '10', '0', '0', '0', '204.00']);
    expect(await page.getByTestId('messages-chart').locator('.recharts-bar-rectangle path').count()).toBeGreaterThan(0);
    await screenshot(page, 'analytics-charts');
  });

  it("shows each arm's interval and p-value against the control, and its uplift", async () => {
    const offer = page.getByTestId('arms-split').getByTestId('arm-offer');
    // 6/10: Wilson [0.3127, 0.8318]; against 2/10: z = 1.8257, p = 0.0679; uplift (0.6 − 0.2) / 0.2 = +200%.
    expect(await offer.getByTestId('interval').textContent()).toBe('31.3% – 83.2%');
    expect(await offer.getByTestId('p-value').textContent()).toBe('0.068 not significant');
    expect(await offer.locator('td').allTextContents()).toEqual(['Offer', '10', '6', '60%', '31.3% – 83.2%', '0.068 not significant', '+200%', '153.00']);
    const holdout = page.getByTestId('arms-split').getByTestId('arm-holdout');
    expect(await holdout.locator('td').first().textContent()).toBe('Holdoutcontrol');
    expect(await holdout.getByTestId('p-value').textContent()).toBe('—');
  });

  it('builds a funnel from nodes clicked on the canvas, or from the entry to a node', async () => {
    const canvas = page.getByTestId('funnel-canvas');
    for (const id of ['start', 'mail', 'goal']) await canvas.locator(`.react-flow__node[data-id="${id}"]`).click();
    const rows = page.getByTestId('funnel-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(0).locator('td').allTextContents()).toEqual(['1. Signed up', '20', '—', '—', '100%']);
    expect(await rows.nth(1).locator('td').allTextContents()).toEqual(['2. Promo email', '10', '10', '50%', '50%']);
    expect(await rows.nth(2).locator('td').allTextContents()).toEqual(['3. Bought', '8', '2', '80%', '40%']);
    await screenshot(page, 'analytics-funnel');

    await page.getByRole('button', { name: 'Clear the path' }).click();
    await canvas.locator('.react-flow__node[data-id="goal"]').click();
    await page.getByRole('button', { name: 'Path from the entry' }).click();
    await expect.poll(() => rows.count()).toBe(4);
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['1. Signed up', '2. Incentive', '3. Waits for a purchase', '4. Bought']);
    expect(await rows.nth(3).locator('td').allTextContents()).toEqual(['4. Bought', '8', '12', '40%', '40%']);
  });

  it("the scenario list draws each journey's daily entries as a sparkline", async () => {
    await page.goto(`${server.url}/#/scenarios`);
    const spark = page.getByRole('img', { name: /^Entries per day:/ });
    await spark.waitFor();
    expect(await spark.getAttribute('aria-label')).toMatch(/, 20$/);
    expect(await spark.locator('.recharts-line-curve').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
