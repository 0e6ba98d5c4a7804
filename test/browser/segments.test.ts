import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot, signInAs } from './harness.ts';

/** The Segments page and the saved segment entry's picker, in a real browser against the real server. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const CONTACTS: Record<string, { plan: string; score: number }> = {
  c1: { plan: 'pro', score: 12 },
  c2: { plan: 'pro', score: 3 },
  c3: { plan: 'pro', score: 8 },
  c4: { plan: 'free', score: 40 },
  c5: { plan: 'pro', score: 25 },
  c6: { plan: 'free', score: 1 },
};

/** A journey whose entry names a segment that does not exist (yet): the panel says so where the segment is picked. */
const journey = {
  schemaVersion: 1,
  id: 'welcome-pro',
  name: 'Welcome pro customers',
  nodes: [
    { id: 'start', type: 'entry.membership', position: { x: 0, y: 0 }, config: { segment: 'seg-gone', enrolExisting: false } },
    { id: 'done', type: 'flow.exit', position: { x: 0, y: 200 }, config: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'done' }],
};

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      for (const [id, attributes] of Object.entries(CONTACTS)) expect((await s.api('PUT', `/contacts/${id}`, { attributes })).status).toBeLessThan(300);
      for (const id of ['c1', 'c5']) expect((await s.api('POST', '/track', { userId: id, event: 'order_completed' })).status).toBeLessThan(300);
      expect((await s.api('POST', '/scenarios/import', journey)).status).toBeLessThan(300);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const editor = () => page.getByTestId('segment-editor');
const liveFigure = () => editor().getByTestId('live-count-figure');

describe('the Segments page in a real browser', () => {
  let segmentId = '';

  it('builds a segment with the live count following each condition, saves it, then shows its size, members and chart', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: /Segments/ }).click();
    expect(page.url()).toMatch(/#\/segments$/);
    await page.getByRole('button', { name: 'New segment' }).click();
    await editor().getByLabel('Name', { exact: true }).fill('Engaged pro customers');
    expect(await editor().getByTestId('live-count').textContent()).toContain('Complete the condition to count who matches.');

    await editor().getByLabel(/^Attribute/).fill('plan');
    await editor().getByLabel(/^Value/).fill('pro');
    await expect.poll(() => liveFigure().textContent()).toBe('4 of 6 contacts match (exact count).');

    // A second condition in the "all of" group: the count goes down as it is filled in.
    await editor().getByRole('button', { name: '+ Add condition' }).click();
    await editor().getByLabel(/^Attribute/).nth(1).fill('score');
    await editor().getByLabel(/^Operator/).nth(1).selectOption({ label: 'at least' });
    await editor().getByLabel(/^Value/).nth(1).fill('10');
    await expect.poll(() => liveFigure().textContent()).toBe('2 of 6 contacts match (exact count).');
    expect(await editor().getByTestId('live-count-sample').textContent()).toContain('c1, c5');
    await screenshot(page, 'segments-builder');

    await editor().getByRole('button', { name: 'Create the segment' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/segments\/seg-[0-9a-f]+$/);
    segmentId = page.url().split('/').at(-1)!;
    // The membership is computed in the background: the size reads as computing until it is final. The page asks
    // again every second while it computes, so the wait outlasts a loaded machine's computation plus one refetch.
    const row = page.getByTestId('segment-row').filter({ hasText: 'Engaged pro customers' });
    await expect.poll(() => row.getByTestId('segment-size').textContent(), { timeout: 10_000 }).toBe('2 contacts');
    await expect.poll(() => editor().getByTestId('segment-member').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining('c1'), expect.stringContaining('c5')]);
    await editor().getByTestId('segment-size-chart').locator('.recharts-line').waitFor();
    expect(await editor().getByRole('link', { name: 'Export CSV' }).getAttribute('href')).toBe(`/api/segments/${segmentId}/export.csv`);
    await screenshot(page, 'segments-saved');
    expect(pageErrors).toEqual([]);
  });

  it('suggests the event names contacts did in an event-history condition', async () => {
    await page.goto(`${server.url}/#/segments`);
    await page.getByRole('button', { name: 'New segment' }).click();
    await editor().getByLabel('Name', { exact: true }).fill('Buyers');
    // The "all of" group's first condition becomes an event-history one.
    await editor().locator('select.kind').nth(1).selectOption({ label: 'Event history' });
    const event = editor().getByLabel(/^Event/).first();
    const listId = await event.getAttribute('list');
    expect(listId).toBeTruthy();
    await expect.poll(() => editor().locator(`datalist[id="${listId}"] option`).evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['order_completed']);
    await event.fill('order_completed');
    await expect.poll(() => liveFigure().textContent(), { timeout: 10_000 }).toBe('2 of 6 contacts match (exact count).');
    expect(pageErrors).toEqual([]);
  });

  it("picks the saved segment in a journey's entry panel, where a missing one is a located error", async () => {
    await page.goto(`${server.url}/#/scenarios/welcome-pro`);
    await page.getByTestId('node-start').click();
    const panel = page.getByTestId('node-panel');
    const field = panel.locator('[data-path="segment"]');
    await expect.poll(() => field.textContent()).toContain('no saved segment "seg-gone"');
    await field.getByRole('combobox').selectOption({ label: 'Engaged pro customers' });
    await expect.poll(() => panel.getByTestId('segment-entry-note').textContent()).toContain('Now 2 contacts in “Engaged pro customers”.');
    expect(await field.textContent()).not.toContain('no saved segment');
    // The canvas names the segment, not its id.
    await expect.poll(() => page.getByTestId('node-start').textContent()).toContain('When they enter segment Engaged pro customers');
    expect(await panel.getByTestId('segment-entry-note').textContent()).toContain('if the segment is still being computed, they are enrolled once it is done');
    await screenshot(page, 'segments-entry-picker');
    expect(pageErrors).toEqual([]);
  });

  it('lets a viewer read a segment, its size and members, without a way to change it', async () => {
    // The journey editor folds the navigation: sign out from the Segments page.
    await page.goto(`${server.url}/#/segments`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, server, { role: 'viewer' });
    await page.goto(`${server.url}/#/segments/${segmentId}`);
    await expect.poll(() => editor().getByTestId('segment-member').count()).toBe(2);
    expect(await editor().textContent()).toContain('You can read this segment. Changing it takes the publisher role.');
    expect(await editor().getByLabel('Name', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'New segment' }).count()).toBe(0);
    expect(await editor().getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await editor().getByTestId('live-count').count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, server);
    expect(pageErrors).toEqual([]);
  });

  it('deletes a segment once the confirmation is accepted', async () => {
    await page.goto(`${server.url}/#/segments/${segmentId}`);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await editor().getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/segments$/);
    expect(asked).toBe('Delete the segment “Engaged pro customers”? Its members and its size history go with it.');
    await expect.poll(() => page.getByTestId('segment-row').count()).toBe(0);
    expect((await server.api('GET', `/segments/${segmentId}`)).status).toBe(404);
    expect(pageErrors).toEqual([]);
  });
});
