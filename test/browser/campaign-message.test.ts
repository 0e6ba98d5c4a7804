import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openCampaignApp } from './campaign-support.ts';
import { type AppSession, type RunningServer, screenshot } from './harness.ts';

/** A message campaign written in the Campaigns form, run on the manual clock, then edited, in a real browser. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

beforeAll(async () => {
  app = await openCampaignApp(async (s) => {
    for (const [id, plan, consent] of [['ann', 'pro', true], ['bob', 'pro', true], ['cid', 'pro', false], ['dan', 'free', true]] as const) {
      expect((await s.api('PUT', `/contacts/${id}`, { attributes: { plan, email: `${id}@example.test` }, consents: { email: consent } })).status).toBeLessThan(300);
    }
    expect((await s.api('POST', '/segments', { name: 'Pro customers', condition: { attribute: 'plan', op: 'eq', value: 'pro' } })).status).toBe(201);
    // The segment's membership is computed before the clock moves on.
    expect((await s.api('POST', '/clock', { advance: '1m' })).status).toBe(200);
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const form = () => page.getByTestId('campaign-form');
const detail = () => page.getByTestId('campaign-detail');

describe('a message campaign in a real browser', () => {
  it('writes the message in the form, sends it on the clock to the consenting members, and reports it', async () => {
    await page.goto(`${server.url}/#/campaigns`);
    await page.getByRole('button', { name: 'New campaign' }).click();
    await form().getByLabel('Name', { exact: true }).fill('January news');
    await form().getByLabel('Audience (saved segment)').selectOption({ label: 'Pro customers' });
    await form().getByLabel('Send a message').check();
    const message = form().getByTestId('campaign-message');
    expect(await message.getByLabel('Channel').inputValue()).toBe('email');
    // A message not written yet shows no errors; an emptied subject says what is wrong where it is.
    expect(await message.locator('.field-error').count()).toBe(0);
    await message.getByLabel('Subject').fill('x');
    await message.getByLabel('Subject').fill('');
    await expect.poll(() => message.locator('.field-error').count()).toBe(1);
    await message.getByLabel('Subject').fill('January news');
    await expect.poll(() => message.locator('.field-error').count()).toBe(0);
    await message.getByLabel('Body (HTML)').fill('<p>Hello {{ contact.id }}</p>');
    // The sample preview renders the message as it is typed.
    await expect.poll(() => message.getByTestId('sample-preview').count()).toBe(1);
    await form().getByLabel('When', { exact: true }).selectOption({ label: 'Once' });
    await form().getByLabel('Day', { exact: true }).fill('2026-01-05');
    await form().getByLabel('Time of day').fill('10:00');
    await form().getByLabel('Time zone', { exact: true }).fill('UTC');
    await screenshot(page, 'campaign-message-form');
    await form().getByRole('button', { name: 'Schedule the campaign' }).click();

    await expect.poll(() => page.url()).toMatch(/#\/campaigns\/camp-[0-9a-f]+$/);
    expect(await detail().textContent()).toContain('Sends a message (Email): “January news”.');

    expect((await server.api('POST', '/clock', { to: '2026-01-05T10:00:00Z' })).status).toBe(200);
    await page.reload();
    const run = detail().getByTestId('campaign-run');
    await expect.poll(() => run.count()).toBe(1);
    expect(await run.getByTestId('run-audience').textContent()).toBe('3');
    // Ann and Bob get the email; Cid, who gave no consent, is held back by the rule.
    expect(await run.getByTestId('run-messages').textContent()).toMatch(/: 2$/);
    expect(await run.getByTestId('run-held-back').textContent()).toMatch(/consent.*: 1$/i);
    await screenshot(page, 'campaign-message-report');
    expect(pageErrors).toEqual([]);
  });

  it('edits the campaign in the same form, filled, and shows the next run of the new schedule', async () => {
    await detail().getByRole('button', { name: 'Edit' }).click();
    expect(await form().getByLabel('Name', { exact: true }).inputValue()).toBe('January news');
    expect(await form().getByTestId('campaign-message').getByLabel('Subject').inputValue()).toBe('January news');
    await form().getByLabel('When', { exact: true }).selectOption({ label: 'Every week' });
    await form().getByLabel('Day of the week').selectOption({ label: 'Wednesday' });
    await form().getByLabel('Time of day').fill('18:30');
    await form().getByRole('button', { name: 'Save the changes' }).click();

    await expect.poll(() => detail().getByTestId('campaign-schedule').textContent()).toBe('Every Wednesday at 18:30 (UTC)');
    expect(await detail().getByTestId('campaign-status').textContent()).toBe('active');
    const id = page.url().split('/').at(-1)!;
    expect((await server.api<{ nextRunAt?: string }>('GET', `/campaigns/${id}`)).body.nextRunAt).toBe('2026-01-07T18:30:00.000Z');
    // The report still shows the run that went out.
    expect(await detail().getByTestId('campaign-run').count()).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it("lists the campaign's journey as the campaign's, read-only in the editor", async () => {
    await page.goto(`${server.url}/#/scenarios`);
    await expect.poll(() => page.getByTestId('owned-by-campaign').count()).toBe(1);
    await page.getByRole('link', { name: 'January news' }).click();
    await expect.poll(() => page.getByRole('status').or(page.locator('.banner.info')).first().textContent()).toContain('belongs to a message campaign');
    expect(pageErrors).toEqual([]);
  });
});
