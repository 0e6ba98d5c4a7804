import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer } from './harness.ts';

/** Topics in Settings, and a message node naming one, in a real browser against the real server. */

let server: RunningServer;
let page: Page;
let app: AppSession;
const welcome = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8')) as { id: string };

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios/import', welcome)).status).toBeLessThan(300);
    },
  });
  ({ server, page } = app);
}, 120_000);

afterAll(() => app?.close());

describe('topics in a real browser', () => {
  it('defines a topic on its channels in Settings, kept across a reload', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('topics-form');
    await form.getByText('+ Add topic').click();
    await form.getByLabel('Id').fill('offers');
    await form.getByLabel('Name').fill('Offers');
    await form.getByRole('group', { name: 'Channels' }).getByLabel('Email').check();
    await form.getByRole('button', { name: 'Save topics' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Saved · 1 topic');
    expect((await server.api('GET', '/settings/topics')).body).toEqual({ topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] });
    await page.reload();
    await expect.poll(() => page.getByTestId('topics-form').getByLabel('Name').inputValue()).toBe('Offers');
  });

  it('a topic defined twice is shown at its field and nothing is saved', async () => {
    await page.goto(`${server.url}/#/settings`);
    const form = page.getByTestId('topics-form');
    await expect.poll(() => form.getByLabel('Name').count()).toBe(1);
    await form.getByText('+ Add topic').click();
    await form.getByLabel('Id').nth(1).fill('offers');
    await form.getByLabel('Name').nth(1).fill('Offers again');
    await form.getByRole('group', { name: 'Channels' }).nth(1).getByLabel('Email').check();
    await form.getByRole('button', { name: 'Save topics' }).click();
    // The refusal sits at the second topic's id, and the form says it was not saved.
    await expect.poll(() => form.locator('[data-path="topics.1.id"] [role="alert"]').textContent()).toBe('topic offers is defined twice');
    expect(await form.getByRole('alert').allTextContents()).toContain('Not saved: correct the fields marked in red.');
    expect((await server.api<{ topics: unknown[] }>('GET', '/settings/topics')).body.topics).toHaveLength(1);
  });

  it("offers the settings' topics on a message node's panel", async () => {
    await page.goto(`${server.url}/#/scenarios/${welcome.id}`);
    await page.locator('.react-flow__node[data-id="send_welcome"]').click();
    const panel = page.getByTestId('node-panel');
    const topic = panel.getByLabel('Topic');
    await expect.poll(() => topic.locator('option').allTextContents()).toContain('Offers');
    await topic.selectOption('offers');
    expect(await topic.inputValue()).toBe('offers');
  });
});
