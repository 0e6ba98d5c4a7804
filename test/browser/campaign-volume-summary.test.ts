import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCampaignApp, seedCampaigns } from './campaign-support.ts';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';

/** A campaign's page says what its volume settings are: floor, ceiling and order (issue 14 §3, §5). */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;
const ids: Record<string, string> = {};

/** Creates a campaign of the Newsletter for the Pro customers with this volume (none when undefined); returns its id. */
async function create(name: string, volume: unknown): Promise<string> {
  const segments = await server.api<{ items: Array<{ id: string; name: string }> }>('GET', '/segments');
  const segment = segments.body.items.find((s) => s.name === 'Pro customers')!.id;
  const body = { name, segment, action: { kind: 'journey', scenario: 'newsletter' }, schedule: { repeat: 'once', date: '2026-01-06', time: '10:00' }, ...(volume ? { volume } : {}) };
  const created = await server.api<{ id: string }>('POST', '/campaigns', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

beforeAll(async () => {
  app = await openCampaignApp(async (s) => {
    server = s;
    await seedCampaigns(s, [{ id: 'ann', attributes: { plan: 'pro', score: 5 }, consent: true }]);
    ids.range = await create('Best thousands', { min: 1000, max: 5000, orderBy: { attribute: 'score', direction: 'desc' } });
    ids.floor = await create('At least one', { min: 1, orderBy: { attribute: 'score', direction: 'asc' } });
    ids.ceiling = await create('Capped', { max: 250, orderBy: { attribute: 'score', direction: 'desc' } });
    ids.plain = await create('Everyone', undefined);
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const summary = () => page.getByTestId('campaign-detail').getByTestId('campaign-volume-summary');
/** The summary's text with every kind of space as a plain one (French numbers group digits with a narrow no-break space). */
const summaryText = async () => (await summary().textContent())?.replace(/\s/g, ' ');

async function open(id: string): Promise<void> {
  await page.goto(`${server.url}/#/campaigns/${id}`);
  await expect.poll(() => page.getByTestId('campaign-detail').count()).toBe(1);
}

describe('a campaign page shows its volume settings', () => {
  it('says the floor, the ceiling and the order, in English and in French', async () => {
    await open(ids.range);
    await expect.poll(summaryText).toBe('At least 1,000 and at most 5,000 contacts per run. The contacts with the highest score come first.');
    // The attribute is shown as the name it is.
    expect(await summary().locator('code').textContent()).toBe('score');
    await screenshot(page, 'campaign-volume-summary');

    await page.getByRole('button', { name: 'FR', exact: true }).click();
    await expect.poll(summaryText).toBe('Au moins 1 000 et au plus 5 000 contacts par envoi. Les contacts dont score est le plus élevé passent en premier.');
    await open(ids.floor);
    await expect.poll(summaryText).toBe('Au moins 1 contact par envoi. Les contacts dont score est le plus bas passent en premier.');
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    await expect.poll(summaryText).toBe('At least 1 contact per run. The contacts with the lowest score come first.');
  });

  it('a ceiling alone, and nothing for a campaign without volume settings', async () => {
    await open(ids.ceiling);
    await expect.poll(summaryText).toBe('At most 250 contacts per run. The contacts with the highest score come first.');
    await open(ids.plain);
    expect(await page.getByTestId('campaign-detail').getByTestId('campaign-schedule').count()).toBe(1);
    expect(await summary().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
