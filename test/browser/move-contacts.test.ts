import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, type RunningServer, openApp, screenshot } from './harness.ts';

/**
 * Issue 16, moving contacts in flight, in a real browser on the real server: three contacts wait on version 1's
 * delay; the draft renames it. The publish dialog shows them on the old node, the publisher chooses to move them
 * to the renamed node, and the new version's live counts show them waiting there.
 */
let app: AppSession;
let page: Page;

const at = { x: 0, y: 0 };
const edge = (id: string, source: string, target: string) => ({ id, source, sourceHandle: 'next', target });
const journey = (wait: { id: string; label: string; duration: string }) => ({
  schemaVersion: 1,
  id: 'onboarding',
  name: 'Onboarding',
  templates: [{ id: 'hello', channel: 'email', name: 'Hello', subject: 'Hello', html: '<p>Hello</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', label: 'Signed up', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: wait.id, type: 'wait.delay', label: wait.label, config: { duration: wait.duration }, position: { x: 0, y: 200 } },
    { id: 'mail', type: 'action.email', label: 'Hello email', config: { template: 'hello' }, position: { x: 0, y: 400 } },
    { id: 'done', type: 'flow.exit', config: {}, position: at },
  ],
  edges: [edge('e1', 'start', wait.id), edge('e2', wait.id, 'mail'), edge('e3', 'mail', 'done')],
});

async function seed(server: RunningServer): Promise<void> {
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  ok(await server.api('POST', '/scenarios/import', journey({ id: 'wait', label: 'Two days', duration: '2d' })), 'create');
  ok(await server.api('POST', '/scenarios/onboarding/publish'), 'publish v1');
  for (const userId of ['ada', 'bob', 'cy']) ok(await server.api('POST', '/track', { userId, event: 'signed_up' }), `track ${userId}`);
  ok(await server.api('PUT', '/scenarios/onboarding/draft', journey({ id: 'pause', label: 'Three days', duration: '3d' })), 'draft v2');
}

beforeAll(async () => {
  app = await openApp({ signIn: true, seed });
  page = app.page;
}, 180_000);

afterAll(() => app?.close());

const node = (id: string) => page.getByTestId(`node-${id}`);

describe('moving contacts in flight when publishing, in a real browser', () => {
  it('shows where they wait, moves them to the renamed node, and the new version counts them there', async () => {
    await page.goto(`${app.server.url}/#/scenarios/onboarding`);
    await page.getByRole('button', { name: /^Publish( changes)?$/ }).click();
    const dialog = page.getByTestId('publish-dialog');
    const table = dialog.getByTestId('in-flight-table');
    const row = table.locator('tr[data-node="wait"][data-version="1"]');
    await expect.poll(() => row.getByTestId('in-flight-count').textContent()).toBe('3');
    expect(await row.textContent()).toContain('Version 1: Two days');
    // Kept by default: they stay.
    expect(await row.textContent()).toContain('Stay on version 1');

    await dialog.getByRole('radio', { name: /Move them to version 2/ }).check();
    const destination = row.getByRole('combobox', { name: 'Where the contacts waiting at Two days (version 1) go' });
    // The renamed delay has another id: by default they would stay; it is offered, a node of another kind is not.
    expect(await destination.inputValue()).toBe('');
    expect(await destination.locator('option').allTextContents()).toEqual(['Stay on version 1', 'Three days (pause)']);
    await destination.selectOption('pause');
    await screenshot(page, 'move-contacts-dialog');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.locator('.banner.ok').textContent()).toMatch(/Published version 2.*3 contacts moved to version 2\./);

    const toggle = page.getByRole('checkbox', { name: /Live counts/ });
    if (!(await toggle.isChecked())) await toggle.check();
    await expect.poll(() => node('pause').locator('.jnode-stats span').nth(1).textContent()).toBe('⏸ 3');
    // Nobody is left on the old version's node.
    expect(await page.getByTestId('removed-nodes').count()).toBe(0);
    await screenshot(page, 'move-contacts-counts');

    // Each contact's timeline says where it came from.
    await page.goto(`${app.server.url}/#/contacts/ada`);
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.textContent()).toContain('moved to this version');
    expect(await timeline.textContent()).toContain('Moved from version 1 (node wait) to version 2 (node pause) when version 2 was published.');
    expect(app.pageErrors).toEqual([]);
  });
});
