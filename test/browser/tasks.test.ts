import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/** The Tasks page lists what task nodes asked a team to do, in a real browser against the real server. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const callBack = JSON.parse(readFileSync(join(REPO, 'server/test/fixtures/call-back.json'), 'utf8')) as unknown;

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios/import', callBack)).status).toBeLessThan(300);
      expect((await s.api('POST', '/scenarios/call-back/publish')).status).toBeLessThan(300);
      expect((await s.api('PUT', '/contacts/ana', { attributes: { firstName: 'Ana' } })).status).toBeLessThan(300);
      expect((await s.api('POST', '/track', { userId: 'ana', event: 'order_completed', properties: { total: 120 } })).status).toBeLessThan(300);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

describe('the Tasks page in a real browser', () => {
  it('is linked beside the Outbox and lists the task with its kind, title, contact, node and status', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: /Tasks/ }).click();
    expect(page.url()).toMatch(/#\/tasks$/);
    const rows = page.getByTestId('task-row');
    // The server's dispatcher renders the task in the sandbox within a moment.
    await expect.poll(() => rows.first().textContent(), { timeout: 15_000 }).toMatch(/Call Ana/);
    expect(await rows.count()).toBe(1);
    const text = await rows.first().textContent();
    for (const part of ['call', 'Thank them for the order of 120 EUR', 'call-centre', 'ana', 'Task · call', 'call-back v1', 'sandboxed']) expect(text).toContain(part);
    await screenshot(page, 'tasks');
    expect(pageErrors).toEqual([]);
  });
});
