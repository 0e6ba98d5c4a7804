import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, screenshot } from './harness.ts';
import { generateScenario } from '../bench/generated-scenario.ts';

/**
 * Level of detail: zoomed out past the threshold, nodes become blocks that still show their problems, with their
 * handles drawn only under the pointer; a large journey opens without its minimap, shown on demand.
 */

let page: Page;
let app: AppSession;

const loose = {
  schemaVersion: 1,
  id: 'loose',
  name: 'Loose ends',
  nodes: [
    { id: 'go', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
    { id: 'ask', type: 'branch.condition', label: 'VIP?', config: { condition: { attribute: 'vip', op: 'eq', value: true } }, position: { x: 0, y: 150 } },
    { id: 'bye', type: 'flow.exit', config: {}, position: { x: 0, y: 300 } },
  ],
  // "no" of the condition leads nowhere: a graph error marked on `ask`.
  edges: [
    { id: 'a', source: 'go', sourceHandle: 'next', target: 'ask' },
    { id: 'b', source: 'ask', sourceHandle: 'yes', target: 'bye' },
  ],
};

const large = generateScenario(200);

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', loose)).status).toBe(201);
      expect((await s.api('POST', '/scenarios', large)).status).toBe(201);
    },
  });
  ({ page } = app);
}, 120_000);

afterAll(() => app?.close());

const node = (id: string) => page.getByTestId(`node-${id}`);
const zoom = async () => Number((await page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform)).match(/scale\(([\d.]+)\)/)![1]);

/** Clicks a zoom button of the canvas controls until the zoom passes `target` (one click zooms by 1.2). */
async function zoomTo(button: 'Zoom In' | 'Zoom Out', past: (z: number) => boolean) {
  for (let i = 0; !past(await zoom()); i++) {
    if (i > 20) throw new Error(`${button} did not reach the zoom wanted (now ${await zoom()})`);
    await page.getByRole('button', { name: button }).click();
    await page.waitForTimeout(250);
  }
}

describe('canvas level of detail', () => {
  it('opens at full detail: titles, summaries, output labels and "+" buttons on edges', async () => {
    await page.goto(`${app.server.url}/#/scenarios/loose`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    expect(await zoom()).toBeGreaterThanOrEqual(0.5);
    expect(await node('ask').locator('.jnode-title').textContent()).toBe('VIP?');
    expect(await node('ask').locator('.jnode-output-label').count()).toBe(2);
    expect(await node('ask').getAttribute('class')).not.toContain('compact');
    expect(await page.locator('.edge-insert').count()).toBe(2);
  });

  it('zoomed out, draws nodes as blocks without text and edges without "+", problems still marked', async () => {
    await zoomTo('Zoom Out', (z) => z < 0.5);
    await expect.poll(() => node('ask').getAttribute('class')).toContain('compact');
    const ask = (await node('ask').getAttribute('class'))!;
    expect(ask).toContain('invalid');
    expect(await node('bye').getAttribute('class')).not.toContain('invalid');
    expect(await page.locator('.react-flow__node .jnode-title, .react-flow__node .jnode-summary, .react-flow__node .jnode-output-label').count()).toBe(0);
    expect(await page.locator('.edge-insert').count()).toBe(0);
    // Edges still hang on the handles, and the name shows on hover; the node still reads out its type and summary.
    expect(await page.locator('.react-flow__edge-path').count()).toBe(2);
    expect(await node('ask').locator('.react-flow__handle').count()).toBe(3);
    expect(await node('ask').getAttribute('title')).toMatch(/^Condition: VIP\?\n.*"no" is not connected/s);
    expect(await page.locator('.react-flow__node[data-id="ask"]').getAttribute('aria-label')).toBe('Condition: VIP?, If vip is true, 1 problem');
    // A block can still be selected, and shows it.
    await node('bye').click();
    await expect.poll(() => node('bye').getAttribute('class')).toContain('selected');
    await screenshot(page, 'canvas-lod-compact');
  });

  it('zoomed back in, shows the full form again', async () => {
    await zoomTo('Zoom In', (z) => z >= 0.5);
    await expect.poll(() => node('ask').getAttribute('class')).not.toContain('compact');
    expect(await node('ask').locator('.jnode-title').textContent()).toBe('VIP?');
    expect(await page.locator('.edge-insert').count()).toBe(2);
    expect(app.pageErrors).toEqual([]);
  });
});

/** A handle's centre on screen, and whether it is drawn (a hidden handle has a box but no visibility). */
const handle = (nodeId: string, selector: string) =>
  node(nodeId)
    .locator(selector)
    .evaluate((el) => {
      const b = el.getBoundingClientRect();
      return { x: b.x + b.width / 2, y: b.y + b.height / 2, visible: getComputedStyle(el).visibility === 'visible' };
    });

describe('handles of the compact form', () => {
  it('are drawn only on the node under the pointer, and still connect', async () => {
    await zoomTo('Zoom Out', (z) => z < 0.5);
    await expect.poll(() => node('ask').getAttribute('class')).toContain('compact');
    // Nothing selected (a selected block shows its handles), the pointer off the nodes.
    await page.locator('.react-flow__pane').click({ position: { x: 10, y: 10 } });
    await expect.poll(() => node('bye').getAttribute('class')).not.toContain('selected');
    const from = await handle('ask', '.react-flow__handle.source[data-handleid="no"]');
    expect(from.visible).toBe(false);
    expect((await handle('bye', '.react-flow__handle.target')).visible).toBe(false);
    // Pointing at the block shows its handles; the one pointed at keeps them shown.
    const box = (await node('ask').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    expect((await handle('ask', '.react-flow__handle.source[data-handleid="no"]')).visible).toBe(true);
    expect((await handle('bye', '.react-flow__handle.target')).visible).toBe(false);
    await page.mouse.move(from.x, from.y, { steps: 3 });
    expect((await handle('ask', '.react-flow__handle.source[data-handleid="no"]')).visible).toBe(true);
    // The "no" of the condition dragged to the exit: the edge is made and the problem goes.
    const to = await handle('bye', '.react-flow__handle.target');
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('.react-flow__edge-path').count()).toBe(3);
    await expect.poll(() => node('ask').getAttribute('class')).not.toContain('invalid');
    expect(app.pageErrors).toEqual([]);
  });
});

describe('minimap', () => {
  const minimap = () => page.getByTestId('rf__minimap');

  it('shows on a small journey, with a button to hide it', async () => {
    await page.goto(`${app.server.url}/#/scenarios/loose`);
    await page.reload();
    await expect.poll(() => minimap().count()).toBe(1);
    await page.getByRole('button', { name: 'Hide minimap' }).click();
    await expect.poll(() => minimap().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Show minimap' }).getAttribute('aria-pressed')).toBe('false');
  });

  it('starts hidden on a large journey and shows every node on demand', async () => {
    await page.goto(`${app.server.url}/#/scenarios/${large.id}`);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    expect(await minimap().count()).toBe(0);
    await page.getByRole('button', { name: 'Show minimap' }).click();
    await expect.poll(() => minimap().locator('.react-flow__minimap-node').count()).toBe(200);
    expect(await page.getByRole('button', { name: 'Hide minimap' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Hide minimap' }).click();
    await expect.poll(() => minimap().count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
