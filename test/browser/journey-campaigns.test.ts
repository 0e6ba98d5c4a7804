import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newsletterJourney } from '../support/newsletter.ts';
import { openCampaignApp } from './campaign-support.ts';
import { type AppSession, type RunningServer } from './harness.ts';

/** A journey's entry lists the campaigns that start it and opens a new campaign's form with the journey picked. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

beforeAll(async () => {
  app = await openCampaignApp(async (s) => {
    expect((await s.api('POST', '/scenarios/import', newsletterJourney())).status).toBeLessThan(300);
    expect((await s.api('POST', '/scenarios/newsletter/publish')).status).toBeLessThan(300);
    const segment = await s.api<{ id: string }>('POST', '/segments', { name: 'Pro customers', condition: { attribute: 'plan', op: 'eq', value: 'pro' } });
    expect(segment.status).toBe(201);
    const campaign = { segment: segment.body.id, action: { kind: 'journey', scenario: 'newsletter' }, timeZone: 'UTC' };
    for (const [name, schedule] of [
      ['Monday news', { repeat: 'weekly', weekday: 'mon', time: '10:00' }],
      ['Old news', { repeat: 'daily', time: '09:00' }],
    ] as const) {
      const created = await s.api<{ id: string }>('POST', '/campaigns', { ...campaign, name, schedule });
      expect(created.status).toBe(201);
      // A cancelled campaign starts nobody any more: the entry does not list it.
      if (name === 'Old news') expect((await s.api('POST', `/campaigns/${created.body.id}/cancel`)).status).toBe(200);
    }
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const entryPanel = () => page.getByTestId('journey-campaigns');

describe("a journey's campaigns, from its entry", () => {
  it('lists the campaigns starting the journey and schedules one more with the journey picked', async () => {
    await page.goto(`${server.url}/#/scenarios/newsletter`);
    await page.locator('.react-flow__node[data-id="start"]').click();
    await expect.poll(() => entryPanel().getByRole('listitem').count()).toBe(1);
    // The next run as the browser writes dates: Monday 5 January 2026 (the clock's day), at 10:00 UTC.
    expect(await entryPanel().getByRole('listitem').textContent()).toMatch(/^Monday news: Every Monday at 10:00 \(UTC\)\. Next run 1\/5\/2026, \d+:00:00 [AP]M$/);
    // Any other node says nothing of campaigns.
    await page.locator('.react-flow__node[data-id="mail"]').click();
    await expect.poll(() => entryPanel().count()).toBe(0);

    await page.locator('.react-flow__node[data-id="start"]').click();
    await entryPanel().getByRole('link', { name: 'Schedule a campaign for this journey' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/new\/newsletter$/);
    const form = page.getByTestId('campaign-form');
    await expect.poll(() => form.getByLabel('Journey to start').inputValue()).toBe('newsletter');
    expect(pageErrors).toEqual([]);
  });

  it('speaks French', async () => {
    await page.goto(`${server.url}/#/scenarios/newsletter`);
    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await page.locator('.react-flow__node[data-id="start"]').click();
    await expect.poll(() => entryPanel().getByRole('heading').textContent()).toBe('Campagnes qui démarrent ce parcours');
    expect(await entryPanel().getByRole('link', { name: 'Programmer une campagne pour ce parcours' }).count()).toBe(1);
    await page.getByRole('button', { name: 'EN', exact: true }).click();
  });
});
