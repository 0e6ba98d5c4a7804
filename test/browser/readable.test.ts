import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/**
 * Issue 13, readable at first sight and an overview: the examples open readable and flowing downward at 1440×900,
 * a layout alone is nothing to publish, an import of an existing id asks, the list filters and shows the last 7 days,
 * and a paste lands beside the original.
 */

let app: AppSession;
let page: Page;
let server: RunningServer;

const EXAMPLES = join(REPO, 'scenarios');
const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'));
const example = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
const examples = exampleFiles.map(example) as { id: string; name: string; nodes: { id: string; position: { x: number; y: number } }[]; edges: { source: string; target: string }[] }[];
const welcome = example('welcome.json');

/** lod.ts: below this zoom nodes are drawn as blocks without text. */
const READABLE_ZOOM = 0.5;

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      for (const scenario of examples) expect((await s.api('POST', '/scenarios', scenario)).status).toBe(201);
      expect((await s.api('POST', `/scenarios/${welcome.id}/publish`)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/abandoned-cart/publish')).status).toBe(201);
      // Three sign-ups this week enter the live welcome series.
      for (const userId of ['ann', 'bob', 'cyd']) expect((await s.api('POST', '/track', { userId, event: 'signed_up' })).status).toBe(200);
    },
  });
  ({ page, server } = app);
}, 120_000);

afterAll(() => app?.close());

const node = (id: string) => page.getByTestId(`node-${id}`);
const zoom = async () => Number((await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)).match(/scale\(([\d.]+)\)/)![1]);

/** Opens a scenario's editor and waits until its canvas has framed the journey. */
async function openEditor(id: string, nodes: number) {
  await page.goto(`${server.url}/#/scenarios/${id}`);
  await page.reload();
  await expect.poll(() => page.locator('.react-flow__node').count()).toBe(nodes);
  // The fit on open: the viewport stops moving.
  let last = '';
  await expect
    .poll(async () => {
      const now = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

describe('examples open readable, top to bottom', () => {
  it.each(examples.map((e) => [e.id, e] as const))('%s shows every node with its text, zoomed no smaller than readable', async (_id, scenario) => {
    await openEditor(scenario.id, scenario.nodes.length);
    expect(await zoom()).toBeGreaterThanOrEqual(READABLE_ZOOM);
    expect(await page.locator('.react-flow__node .jnode.compact').count()).toBe(0);
    // The trigger, where the journey starts, is in view with its text.
    const first = node(scenario.nodes[0].id);
    expect(await first.locator('.jnode-title').isVisible()).toBe(true);
    const box = (await first.boundingBox())!;
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(canvas.y);
    expect(box.y + box.height).toBeLessThanOrEqual(canvas.y + canvas.height);
  });

  it('draws the welcome series flowing downward: every edge goes from a card to a lower one', async () => {
    await openEditor(welcome.id, welcome.nodes.length);
    const top = async (id: string) => (await node(id).boundingBox())!;
    for (const e of welcome.edges as { source: string; target: string }[]) {
      const [from, to] = [await top(e.source), await top(e.target)];
      expect(to.y, `${e.source} → ${e.target}`).toBeGreaterThan(from.y + from.height);
    }
    await screenshot(page, 'readable-welcome');
  });

  it('"Fit" keeps the readable zoom and starts from the top on a journey too tall for the screen', async () => {
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    await page.getByRole('button', { name: 'Zoom Out' }).click();
    expect(await zoom()).toBeLessThan(READABLE_ZOOM);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await expect.poll(zoom).toBeGreaterThanOrEqual(READABLE_ZOOM);
    await expect.poll(() => page.locator('.react-flow__node .jnode.compact').count()).toBe(0);
    expect(await node(welcome.nodes[0].id).locator('.jnode-title').isVisible()).toBe(true);
  });
});

describe('a layout is not a change to publish', () => {
  it('a live journey laid out again has nothing to publish', async () => {
    // The draft differs from the live version by positions only.
    const moved = { ...welcome, nodes: welcome.nodes.map((n: { position: { x: number; y: number } }) => ({ ...n, position: { x: n.position.x + 400, y: n.position.y } })) };
    expect((await server.api('PUT', `/scenarios/${welcome.id}/draft`, moved)).status).toBe(200);
    await openEditor(welcome.id, welcome.nodes.length);
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    const draft = (await server.api<{ draft: typeof welcome }>('GET', `/scenarios/${welcome.id}`)).body.draft;
    expect(draft.nodes.map((n: { position: unknown }) => n.position)).not.toEqual(moved.nodes.map((n: { position: unknown }) => n.position));
    expect(await page.getByText('Unpublished changes').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish changes' }).count()).toBe(0);
    // A real change still counts.
    await node(welcome.nodes[1].id).click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.getByText('Unpublished changes').count()).toBe(1);
  });
});

describe('importing a file whose scenario exists', () => {
  const file = (json: unknown, name = 'welcome.json') => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });

  it('asks, and "Import as a copy" keeps both', async () => {
    await page.goto(`${server.url}/#/scenarios`);
    await page.getByTestId('import-file').setInputFiles(file(welcome));
    const dialog = page.getByRole('dialog', { name: 'Scenario already exists' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(welcome.id);
    await dialog.getByRole('button', { name: 'Import as a copy' }).click();
    await expect.poll(() => page.url()).toContain(`#/scenarios/${welcome.id}-copy`);
    const copy = (await server.api<{ name: string; draft: { nodes: unknown[] } }>('GET', `/scenarios/${welcome.id}-copy`)).body;
    expect(copy.name).toBe(`${welcome.name} (copy)`);
    expect(copy.draft.nodes).toHaveLength(welcome.nodes.length);
    // The original is untouched.
    expect((await server.api<{ name: string }>('GET', `/scenarios/${welcome.id}`)).body.name).toBe(welcome.name);
  });

  it('asks, and "Replace the draft" can be undone', async () => {
    await page.goto(`${server.url}/#/scenarios`);
    const before = (await server.api<{ draft: unknown }>('GET', '/scenarios/birthday')).body.draft;
    const birthday = example('birthday.json');
    await page.getByTestId('import-file').setInputFiles(file({ ...birthday, name: 'Birthday, rewritten' }, 'birthday.json'));
    await page.getByRole('dialog', { name: 'Scenario already exists' }).getByRole('button', { name: 'Replace the draft' }).click();
    await expect.poll(async () => (await server.api<{ name: string }>('GET', '/scenarios/birthday')).body.name).toBe('Birthday, rewritten');
    await page.getByRole('status').filter({ hasText: 'was replaced by the file' }).getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await server.api<{ draft: unknown }>('GET', '/scenarios/birthday')).body.draft).toEqual(before);
  });
});

describe('the scenario list', () => {
  const table = () => page.getByTestId('scenario-table');
  const row = (name: string) => table().locator('tbody tr', { hasText: name });
  const rows = () => table().locator('tbody tr');

  it('shows the entries and conversions of the last 7 days', async () => {
    await page.goto(`${server.url}/#/scenarios`);
    await page.reload();
    await expect.poll(() => row(welcome.name).first().getByTestId('entries-7d').textContent()).toBe('3');
    expect(await row(welcome.name).first().getByTestId('conversions-7d').textContent()).toMatch(/^0/);
    expect(await row('Birthday').getByTestId('entries-7d').textContent()).toBe('0');
  });

  it('filters by name, by status and by a tag edited on a row', async () => {
    const total = await rows().count();
    await page.getByLabel('Search scenarios').fill('abandoned');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('Abandoned cart');
    await page.getByLabel('Search scenarios').fill('');
    await expect.poll(() => rows().count()).toBe(total);

    await page.getByLabel('Status').selectOption('live');
    await expect.poll(() => rows().count()).toBe(2);
    await page.getByLabel('Status').selectOption('current');

    await row('Birthday').getByRole('button', { name: 'Tags' }).click();
    await page.getByLabel('Tags, separated by commas').fill('seasonal, loyalty');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await expect.poll(async () => (await server.api<{ tags: string[] }>('GET', '/scenarios/birthday')).body.tags).toEqual(['seasonal', 'loyalty']);
    await page.getByLabel('Tag', { exact: true }).selectOption('seasonal');
    await expect.poll(() => rows().count()).toBe(1);
    expect(await rows().first().textContent()).toContain('Birthday');
    await screenshot(page, 'readable-list');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('paste', () => {
  it('lands the copy beside the original, not on it', async () => {
    await openEditor('birthday', example('birthday.json').nodes.length);
    const original = example('birthday.json').nodes[1].id as string;
    await node(original).click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    const count = example('birthday.json').nodes.length + 1;
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(count);
    const pasted = page.locator('.react-flow__node.selected .jnode');
    const [a, b] = [(await node(original).boundingBox())!, (await pasted.boundingBox())!];
    const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    expect(overlap).toBe(false);
    expect(app.pageErrors).toEqual([]);
  });
});
