import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seedWelcome } from './examples.ts';
import { type AppSession, openApp, screenshot } from './harness.ts';

/** The Audit page in a real browser: an admin signs in, a version is published, both are in the log; filter, export. */
let app: AppSession;
let page: Page;

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    seed: seedWelcome,
  });
  page = app.page;
  const published = await app.server.api('POST', '/scenarios/welcome-series/publish', { note: 'first version' });
  if (published.status !== 201) throw new Error(`could not publish: ${JSON.stringify(published.body)}`);
}, 120_000);

afterAll(() => app?.close());

const actions = () => page.locator('[data-testid=audit] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));

describe('the audit log in a real browser', () => {
  it('shows an admin the sign-in and the publish, newest first', async () => {
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    // The seed created the scenario, then the harness created the admin (with the preset key) and signed in through the form.
    await expect.poll(actions).toEqual(['version.publish', 'auth.login', 'user.create', 'scenario.create']);
    const publish = page.locator('tr[data-action="version.publish"]');
    expect(await publish.textContent()).toContain('Published a version');
    expect(await publish.textContent()).toContain('first version');
    const signIn = page.locator('tr[data-action="auth.login"]');
    expect(await signIn.textContent()).toMatch(/@example\.com.*Signed in/);
    await screenshot(page, 'audit-page');
  });

  it('filters by action', async () => {
    await page.getByLabel('Action').selectOption({ label: 'Published a version' });
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect.poll(actions).toEqual(['version.publish']);
  });

  it('exports what the filters show, as CSV and as JSON lines', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as CSV' }).click()]);
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^id,at,actor_kind/);
    expect(lines.slice(1).map((l) => l.split(',')[5])).toEqual(['version.publish']);
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export as JSON lines' }).click()]);
    const entries = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.action, e.change.note])).toEqual([['version.publish', 'first version']]);
    expect(app.pageErrors).toEqual([]);
  });
});
