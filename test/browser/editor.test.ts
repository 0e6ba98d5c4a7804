import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { type AppSession, createUser, openApp, type RunningServer, screenshot, TEST_PASSWORD } from './harness.ts';

/** The marketer's path through the real app: build a journey, validate, save, publish, simulate, export/import, undo. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

beforeAll(async () => {
  app = await openApp();
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const node = (id: string) => page.locator(`[data-testid="node-${id}"]`);

async function dragPalette(type: string, x: number, y: number) {
  const pane = page.locator('.react-flow__pane');
  await page.dragAndDrop(`.palette-item[data-type="${type}"]`, '.react-flow__pane', { targetPosition: { x, y } });
  await expect.poll(() => pane.count()).toBe(1);
}

async function centre(l: Locator) {
  const b = (await l.boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

async function connect(from: string, to: string) {
  const a = await centre(node(from).locator('.react-flow__handle.source').first());
  const b = await centre(node(to).locator('.react-flow__handle.target'));
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

async function draft() {
  const res = await server.api<{ draft: { nodes: { id: string; type: string; config: Record<string, unknown> }[]; edges: { source: string; target: string }[] } }>('GET', '/scenarios/journey');
  return res.body.draft;
}

describe('journey editor in a real browser', () => {
  it('signs in with email and password and creates a scenario', async () => {
    const email = await createUser(server, 'admin');
    await page.goto(server.url);
    await page.fill('#email', email);
    await page.fill('#password', 'not the password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/password/i);
    await page.fill('#password', TEST_PASSWORD);
    await page.click('button[type=submit]');
    await page.getByText('No scenario yet').waitFor();
    await page.getByRole('button', { name: '+ New scenario' }).first().click();
    await page.fill('#new-name', 'Journey');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Start your journey').waitFor();
    expect(page.url()).toContain('#/scenarios/journey');
  });

  it('drags three nodes from the palette and connects them', async () => {
    await dragPalette('entry.event', 300, 60);
    await dragPalette('wait.delay', 300, 250);
    await dragPalette('flow.exit', 300, 440);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await connect('event-1', 'delay-1');
    await connect('delay-1', 'exit-1');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    // The trigger has no event name yet: it is marked, and so is the problems list.
    await expect.poll(() => node('event-1').getAttribute('class')).toContain('invalid');
    await node('event-1').click();
    await page.getByRole('complementary', { name: 'Inspector' }).getByLabel(/^Event/).first().fill('signed_up');
    await expect.poll(() => node('event-1').getAttribute('class')).not.toContain('invalid');
  });

  it('configures the wait: a bad duration is marked on the node and in the form, then clears', async () => {
    await node('delay-1').click();
    const duration = page.getByLabel(/^Duration/);
    // "3 days" reads since issue 13; a unit that does not exist is the bad duration now.
    await duration.fill('3 dayz');
    await expect.poll(() => node('delay-1').getAttribute('class')).toContain('invalid');
    await expect.poll(() => page.locator('.field-invalid .field-error').first().textContent()).toMatch(/not a unit of time/i);
    await expect.poll(() => page.getByTestId('problems').textContent()).toMatch(/1 problem/);
    await duration.fill('2d');
    await expect.poll(() => node('delay-1').getAttribute('class')).not.toContain('invalid');
    await expect.poll(() => page.getByTestId('problems').textContent()).toMatch(/Ready to publish/);
    await expect.poll(() => node('delay-1').textContent()).toContain('Wait 2 days');
    await screenshot(page, 'editor-canvas');
  });

  it('autosaves the draft to the server', async () => {
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    const saved = await draft();
    expect(saved.nodes.map((n) => n.type)).toEqual(['entry.event', 'wait.delay', 'flow.exit']);
    expect(saved.nodes[1].config).toEqual({ duration: '2d' });
    expect(saved.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['event-1>delay-1', 'delay-1>exit-1']);
  });

  it('publishes a version and lists it', async () => {
    await page.getByRole('button', { name: /^Publish( changes)?$/ }).click();
    // Publishing asks first (issue 13): a summary of what changes, then Publish.
    await page.getByTestId('publish-dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText(/Published version 1/).waitFor();
    const versions = await server.api<{ items: { version: number }[] }>('GET', '/scenarios/journey/versions');
    expect(versions.body.items.map((v) => v.version)).toEqual([1]);
    await expect.poll(() => page.getByLabel('Version').locator('option').count()).toBe(2);
    await page.getByText('Unpublished changes').waitFor({ state: 'detached' });
  });

  it('runs a simulation and highlights the path on the canvas', async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    await page.getByTestId('sim-result').waitFor();
    for (const id of ['event-1', 'delay-1', 'exit-1']) await expect.poll(() => node(id).getAttribute('class')).toContain('visited');
    await expect.poll(() => page.locator('.react-flow__edge.edge-taken').count()).toBe(2);
    expect(await page.getByTestId('sim-clock').textContent()).toMatch(/\+2d/);
    // Step back to the start: only the trigger is lit.
    await page.getByRole('button', { name: 'First step' }).click();
    await expect.poll(() => node('delay-1').getAttribute('class')).toContain('dimmed');
    expect(await node('event-1').getAttribute('class')).toContain('current');
    await page.getByRole('button', { name: 'Next step' }).click();
    await page.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => node('delay-1').getAttribute('class')).toContain('current');
    await screenshot(page, 'simulation-panel');
  });

  it('exports the JSON and re-imports it to an identical scenario', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(exported).toMatchObject({ id: 'journey', name: 'Journey' });
    // Change the draft on the server, then bring the file back through the import button.
    await server.api('PUT', '/scenarios/journey/draft', { ...exported, name: 'Changed meanwhile', nodes: exported.nodes.slice(0, 1), edges: [] });
    await page.getByTestId('import-file').setInputFiles({ name: 'journey.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    // The id exists: the import asks before replacing the draft (issue 13), then offers to undo.
    await page.getByRole('dialog', { name: 'Scenario already exists' }).getByRole('button', { name: 'Replace the draft' }).click();
    await page.getByText(/was replaced by the file/).waitFor();
    await page.getByRole('status').filter({ hasText: 'was replaced by the file' }).getByRole('button', { name: 'Dismiss' }).click();
    const after = await server.api('GET', '/scenarios/journey/export');
    expect(after.body).toEqual(exported);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
  });

  it('refuses a malformed import with errors located on nodes, changing nothing', async () => {
    const broken = { schemaVersion: 1, id: 'broken', name: 'Broken', nodes: [{ id: 'w', type: 'wait.delay', config: { duration: 7 }, position: { x: 0, y: 0 } }], edges: [] };
    await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/nodes\[0\]\.config\.duration/);
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect((await server.api('GET', '/scenarios/broken')).status).toBe(404);
  });

  it('imports a scenario with graph errors and marks them on its nodes', async () => {
    const loose = {
      schemaVersion: 1,
      id: 'loose',
      name: 'Loose ends',
      nodes: [
        { id: 'go', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
        { id: 'ask', type: 'branch.condition', config: { condition: { attribute: 'vip', op: 'eq', value: true } }, position: { x: 0, y: 150 } },
        { id: 'bye', type: 'flow.exit', config: {}, position: { x: 0, y: 300 } },
      ],
      edges: [
        { id: 'a', source: 'go', sourceHandle: 'next', target: 'ask' },
        { id: 'b', source: 'ask', sourceHandle: 'yes', target: 'bye' },
      ],
    };
    await page.getByTestId('import-file').setInputFiles({ name: 'loose.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(loose)) });
    await expect.poll(() => page.url()).toContain('#/scenarios/loose');
    await expect.poll(() => node('ask').getAttribute('class')).toContain('invalid');
    expect(await node('bye').getAttribute('class')).not.toContain('invalid');
    expect(await page.getByTestId('problems').textContent()).toMatch(/"no" is not connected/);
    await page.goto(`${server.url}/#/scenarios/journey`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
  });

  it('undoes and redoes a deletion with the keyboard', async () => {
    await page.getByRole('tab', { name: 'Node' }).click();
    await node('exit-1').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(2);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    expect((await draft()).nodes).toHaveLength(3);
  });

  it('copies and pastes a multi-selection; a problem in the list jumps to its node', async () => {
    await node('delay-1').click();
    await node('exit-1').click({ modifiers: ['Control'] });
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(5);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    expect(await node('delay-2').getAttribute('class')).toContain('invalid');
    // The pasted copy is not reachable from the trigger: listed, and a click selects it.
    await page.getByRole('tab', { name: 'Node' }).click();
    await page.locator('[data-testid="problems"] li button', { hasText: 'delay-2' }).first().click();
    await expect.poll(() => page.getByTestId('node-panel').textContent()).toContain('delay-2');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
  });

  it('lays the journey out automatically, top to bottom', async () => {
    await page.getByRole('button', { name: 'Auto layout' }).click();
    await expect.poll(async () => {
      const ys = await Promise.all(['event-1', 'delay-1', 'exit-1'].map(async (id) => (await node(id).boundingBox())!));
      return ys[0].y + ys[0].height < ys[1].y && ys[1].y + ys[1].height < ys[2].y && Math.abs(ys[0].x - ys[2].x) < 2;
    }).toBe(true);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
    const saved = await draft();
    expect(new Set(saved.nodes.map((n) => (n as unknown as { position: { x: number } }).position.x)).size).toBe(1);
    await screenshot(page, 'editor-layout');
    // The layout moved nodes only: positions are not a change to publish (issue 13).
    expect(await page.getByText('Unpublished changes').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
  });

  it('adds the next step where a dragged edge is dropped, in one undoable step', async () => {
    // The fit after the layout above animates the viewport: drag from the handle once it stands still.
    let last = '';
    await expect.poll(async () => {
      const now = await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
      const still = now === last;
      last = now;
      return still;
    }, { interval: 300, timeout: 5_000 }).toBe(true);
    const from = await centre(node('delay-1').locator('.react-flow__handle.source'));
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(pane.x + 60, from.y + 40, { steps: 5 });
    await page.mouse.move(pane.x + 40, from.y + 60, { steps: 5 });
    await page.mouse.up();
    const menu = page.getByRole('menu', { name: 'Add the next step' });
    await menu.getByRole('menuitem', { name: 'Goal' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    // An edge is drawn once both its nodes are measured, a frame or more after the node appears: polled too.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await expect.poll(() => node('exit-1').getAttribute('class')).toContain('invalid');
    expect(await menu.count()).toBe(0);
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await expect.poll(() => node('exit-1').getAttribute('class')).not.toContain('invalid');
  });

  it('inserts a step into an edge with its "+" button', async () => {
    await page.getByRole('button', { name: 'Insert a step between event-1 and delay-1' }).click();
    await page.getByRole('menu', { name: 'Add the next step' }).getByRole('menuitem', { name: 'Email' }).click();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(4);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(3);
    const [a, b, c] = await Promise.all(['event-1', 'email-1', 'delay-1'].map(async (id) => (await node(id).boundingBox())!));
    expect(a.y + a.height).toBeLessThan(b.y);
    expect(b.y + b.height).toBeLessThan(c.y);
    await screenshot(page, 'editor-insert');
    await page.keyboard.press('Control+z');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
