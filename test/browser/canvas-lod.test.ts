import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, screenshot } from './harness.ts';

/** Level of detail: zoomed out past the threshold, nodes become blocks that still show their problems. */

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

beforeAll(async () => {
  app = await openApp({ signIn: true, seed: async (s) => expect((await s.api('POST', '/scenarios', loose)).status).toBe(201) });
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
    expect(await page.locator('.react-flow__node[data-id="ask"]').getAttribute('aria-label')).toBe('Condition: VIP?, If vip = true, 1 problem');
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
