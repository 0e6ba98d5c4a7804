import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, createUser, openApp, REPO, screenshot, signInAs, type RunningServer } from './harness.ts';

/**
 * The diff between versions and review before publishing, in a real browser on the built app and the real server:
 * the canvas in diff mode marks what was added, removed and changed; an editor asks for a review, a publisher
 * (another person, signed in after) approves it, which publishes the requested draft.
 */
let app: AppSession;
let page: Page;
const ID = 'welcome-series';

type Doc = { nodes: Array<{ id: string; type: string; config: Record<string, unknown>; position: { x: number; y: number }; label?: string }>; edges: Array<{ id: string; source: string; sourceHandle: string; target: string }>; tests: unknown[] };

/** The welcome example without its saved cases (the edits below change its paths). */
const welcome = (): Doc => ({ ...JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8')), tests: [] });

/** Version 2: a pause added before the welcome email, "Wait 3 days" removed, the first wait made longer. */
function version2(): Doc {
  const s = welcome();
  s.nodes = s.nodes.filter((n) => n.id !== 'wait_3d');
  s.nodes.push({ id: 'pause', type: 'wait.delay', label: 'Breathe', config: { duration: '1h' }, position: { x: 400, y: 0 } });
  s.nodes.find((n) => n.id === 'wait_2d')!.config.duration = '3d';
  s.edges = s.edges
    .filter((e) => e.source !== 'wait_3d')
    .map((e) => (e.target === 'wait_3d' ? { ...e, target: 'send_offer' } : e.id === 'e1' ? { ...e, target: 'pause' } : e));
  s.edges.push({ id: 'e_pause', source: 'pause', sourceHandle: 'next', target: 'send_welcome' });
  return s;
}

async function must(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await server.api(method, path, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any;
}

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    seed: async (server) => {
      await must(server, 'POST', '/scenarios/import', welcome());
      await must(server, 'POST', `/scenarios/${ID}/publish`);
      await must(server, 'PUT', `/scenarios/${ID}/draft`, version2());
      await must(server, 'POST', `/scenarios/${ID}/publish`);
    },
  });
  page = app.page;
}, 120_000);

afterAll(() => app?.close());

const flowNode = (id: string) => page.locator('.react-flow__node').filter({ has: page.getByTestId(`node-${id}`) });

describe('the diff between versions and review before publishing', () => {
  it('shows on the canvas the nodes added, removed and changed between two versions, and the changed fields', async () => {
    await page.goto(`${app.server.url}/#/scenarios/${ID}`);
    await page.getByRole('button', { name: 'History' }).click();
    const compare = page.getByRole('form', { name: 'Compare two versions' });
    await compare.getByLabel('From').selectOption('1');
    await compare.getByLabel('to').selectOption('2');
    await compare.getByRole('link', { name: 'Show the differences' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scenarios\/welcome-series\/diff\/1\/2$/);
    await page.getByTestId('diff-canvas').getByTestId('node-pause').waitFor();
    expect(await flowNode('pause').getAttribute('class')).toContain('diff-added');
    expect(await flowNode('wait_3d').getAttribute('class')).toContain('diff-removed');
    expect(await flowNode('wait_2d').getAttribute('class')).toContain('diff-changed');
    expect(await flowNode('send_welcome').getAttribute('class')).not.toMatch(/diff-/);
    expect(await page.locator('.react-flow__edge.edge-added').count()).toBeGreaterThan(0);
    expect(await page.locator('.react-flow__edge.edge-removed').count()).toBeGreaterThan(0);
    const changed = page.getByTestId('diff-panel').locator('[data-diff-node="wait_2d"]');
    expect(await changed.locator('[data-path="config.duration"]').textContent()).toMatch(/config\.duration: 2d → 3d/);
    expect(await page.getByTestId('diff-panel').textContent()).toContain('Breathe (pause)');
    await screenshot(page, 'review-diff');
    expect(app.pageErrors).toEqual([]);
  });

  it('lets an editor ask for a review with a note, and a publisher approve it, which publishes that draft', async () => {
    await must(app.server, 'PUT', '/settings/review', { required: true });
    const draft = version2();
    draft.nodes.find((n) => n.id === 'wait_2d')!.config.duration = '4d';
    await must(app.server, 'PUT', `/scenarios/${ID}/draft`, draft);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, app.server, { role: 'editor' });
    await page.goto(`${app.server.url}/#/scenarios/${ID}`);
    const bar = page.getByTestId('review-bar');
    await bar.getByRole('button', { name: 'Ask for a review' }).click();
    await bar.getByLabel('Note for the reviewer').fill('Four days before the first check');
    await bar.getByRole('button', { name: 'Send the request' }).click();
    await expect.poll(() => bar.textContent()).toMatch(/Review asked by editor-.*: Four days before the first check/);

    const publisher = await createUser(app.server, 'publisher');
    // The editor's narrow navigation shows icons only: sign out from the list.
    await page.goto(`${app.server.url}/#/scenarios`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, app.server, { email: publisher });
    await page.getByRole('link', { name: 'Reviews' }).click();
    await page.getByTestId('pending-reviews').getByRole('link', { name: 'Welcome series' }).click();
    await page.getByTestId('diff-canvas').getByTestId('node-wait_2d').waitFor();
    expect(await flowNode('wait_2d').getAttribute('class')).toContain('diff-changed');
    expect(await page.getByTestId('diff-panel').textContent()).toMatch(/config\.duration: 3d → 4d/);
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await expect.poll(() => page.locator('.banner.ok').textContent()).toContain('Approved: version 3 is live.');
    const published = await must(app.server, 'GET', `/scenarios/${ID}/versions/3`);
    expect(published.scenario.nodes.find((n: { id: string }) => n.id === 'wait_2d').config.duration).toBe('4d');
    const versions = await must(app.server, 'GET', `/scenarios/${ID}/versions`);
    expect(versions.items[0]).toMatchObject({ version: 3, note: 'Four days before the first check', author: publisher });
    await screenshot(page, 'review-approved');
    expect(app.pageErrors).toEqual([]);
  });
});
