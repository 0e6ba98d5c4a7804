import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/**
 * Issue 13, the smaller parts: a simulated send that delivery would fail, warnings marked on nodes, conditions in
 * words on the canvas, node labels on the Tasks page, paste at the pointer, and a wheel that scrolls the canvas.
 */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

type Scenario = { id: string; name: string; templates: Array<Record<string, string>>; nodes: Array<{ id: string; label?: string }> };
const read = (path: string) => JSON.parse(readFileSync(join(REPO, path), 'utf8')) as Scenario;

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    viewport: { width: 1440, height: 900 },
    signIn: true,
    seed: async (s) => {
      // Ana has a plan, Bruno has none: "plan" is known, and missing for 1 contact of 2.
      for (const [id, attributes] of [['ana', { firstName: 'Ana', plan: 'pro' }], ['bruno', { firstName: 'Bruno' }]] as const) {
        expect((await s.api('PUT', `/contacts/${id}`, { attributes, consents: { email: true } })).status).toBeLessThan(300);
      }
      // The welcome example, its first email's subject reading the plan without a default.
      const plan = read('scenarios/welcome.json');
      plan.id = 'plan';
      plan.name = 'Plan welcome';
      plan.templates[0].subject = 'Your {{ contact.plan }} plan';
      expect((await s.api('POST', '/scenarios', plan)).status).toBe(201);
      // A task node with a label, published, then triggered for Ana.
      const callBack = read('server/test/fixtures/call-back.json');
      callBack.nodes.find((n) => n.id === 'call')!.label = 'Thank-you call';
      expect((await s.api('POST', '/scenarios/import', callBack)).status).toBeLessThan(300);
      expect((await s.api('POST', '/scenarios/call-back/publish')).status).toBeLessThan(300);
      expect((await s.api('POST', '/track', { userId: 'ana', event: 'order_completed', properties: { total: 120 } })).status).toBeLessThan(300);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

async function openEditor(id: string) {
  await page.goto(`${server.url}/#/scenarios/${id}`);
  await page.locator('.editor-title h1').waitFor();
  await page.getByTestId('node-send_welcome').waitFor();
}

const viewport = () => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);
/** The viewport's pan and zoom, from React Flow's transform. */
async function transform(): Promise<{ x: number; y: number; zoom: number }> {
  const [, x, y, zoom] = (await viewport()).match(/translate\((-?[\d.]+)px, (-?[\d.]+)px\) scale\(([\d.]+)\)/)!.map(Number);
  return { x, y, zoom };
}
/** Waits for the viewport to stop moving (the fit on open is animated). */
async function settled() {
  let last = '';
  await expect.poll(async () => {
    const now = await viewport();
    const same = now === last;
    last = now;
    return same;
  }, { interval: 300 }).toBe(true);
}

describe('the smaller parts of issue 13 in a real browser', () => {
  it('shows a simulated send of a contact without the attribute as failed, with the reason delivery would give', async () => {
    await openEditor('plan');
    await page.getByRole('tab', { name: 'Simulate' }).click();
    // The default simulated contact has a first name and no plan.
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    const result = page.getByTestId('sim-result');
    await result.waitFor();
    const reason = /template "welcome": subject, line 1, column \d+: undefined variable: contact\.plan/;
    const step = result.locator('.trace li').filter({ hasText: 'Welcome email' });
    expect(await step.locator('.o').textContent()).toMatch(/^failed/);
    expect(await step.locator('.r').textContent()).toMatch(reason);
    expect(await result.locator('.sim-messages .sim-failure').first().textContent()).toMatch(new RegExp(`^Would fail: ${reason.source}$`));
    await screenshot(page, 'leftovers-simulated-failure');
  });

  it('marks a node with a warning, its text read out', async () => {
    await openEditor('plan');
    const mark = page.getByTestId('node-send_welcome').getByRole('img', { name: /^Warning: / });
    await expect.poll(() => mark.getAttribute('aria-label')).toMatch(/1 contact of 2 has no "plan"/);
    expect(await mark.getAttribute('title')).toMatch(/1 contact of 2 has no "plan"/);
    // Apart from the error badge: no node of this scenario has an error.
    expect(await page.locator('.jnode-badge.error').count()).toBe(0);
    expect(await page.getByTestId('node-wait_2d').getByTestId('node-warning').count()).toBe(0);
  });

  it('summarises a condition on the canvas in the condition editor\'s words', async () => {
    await openEditor('plan');
    const summary = await page.getByTestId('node-engaged').locator('.jnode-summary').textContent();
    expect(summary).toContain('onboarding_completed is true');
    expect(summary).not.toContain('=');
  });

  it('names the task\'s node by its label on the Tasks page, the id beside it', async () => {
    await page.goto(`${server.url}/#/tasks`);
    const row = page.getByTestId('task-row').first();
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toMatch(/Call Ana/);
    expect(await row.locator('.node-name').textContent()).toBe('Thank-you call · call');
  });

  it('pastes a copied node at the pointer when it is over the canvas', async () => {
    await openEditor('plan');
    await settled();
    await page.getByTestId('node-wait_2d').click();
    await page.keyboard.press('Control+c');
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    const pointer = { x: canvas.x + canvas.width - 260, y: canvas.y + canvas.height / 2 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.keyboard.press('Control+v');
    const pasted = page.getByTestId('node-delay-1');
    await pasted.waitFor();
    const box = (await pasted.boundingBox())!;
    const { zoom } = await transform();
    // Centred on the pointer, its top just above it (the grid snaps to 10 canvas pixels).
    expect(Math.abs(box.x + box.width / 2 - pointer.x)).toBeLessThanOrEqual(10 * zoom);
    expect(Math.abs(box.y + 30 * zoom - pointer.y)).toBeLessThanOrEqual(10 * zoom);
    await screenshot(page, 'leftovers-paste-at-pointer');
  });

  it('scrolls the canvas with the wheel without changing the zoom; Ctrl+wheel zooms', async () => {
    await openEditor('plan');
    await settled();
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    const before = await transform();
    await page.mouse.wheel(0, 300);
    await expect.poll(async () => (await transform()).y).toBeLessThan(before.y);
    expect((await transform()).zoom).toBe(before.zoom);

    const scrolled = await transform();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    await expect.poll(async () => (await transform()).zoom).toBeGreaterThan(scrolled.zoom);
    expect(pageErrors).toEqual([]);
  });
});
