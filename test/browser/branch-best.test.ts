import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, openApp, REPO, type RunningServer, screenshot, signInAs } from './harness.ts';

/** The next-best-action node in the real app: its outputs on the canvas, its form, and the simulator saying why it chose. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const example = JSON.parse(readFileSync(join(REPO, 'scenarios/visitor-nurture.json'), 'utf8'));

beforeAll(async () => {
  app = await openApp({
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      const created = await s.api('POST', '/scenarios', example);
      if (created.status !== 201) throw new Error(`could not create the scenario: ${JSON.stringify(created.body)}`);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const nba = () => page.locator('[data-testid="node-next_best_action"]');
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
type Draft = { draft: { nodes: Array<{ id: string; config: { candidates: Array<{ offerValue: number }> } }> } };
const draftDiscountValue = async () =>
  (await server.api<Draft>('GET', '/scenarios/visitor-nurture')).body.draft.nodes.find((n) => n.id === 'next_best_action')!.config.candidates[1].offerValue;

describe('branch.best in a real browser', () => {
  it('shows one output per candidate, by its label, and the fallback', async () => {
    await signInAs(page, server);
    await page.goto(`${server.url}/#/scenarios/visitor-nurture`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(example.nodes.length);
    await nba().scrollIntoViewIfNeeded();
    await expect.poll(() => nba().locator('.jnode-output-label').allTextContents()).toEqual(['Premium collection', '10% discount', 'fallback']);
    expect(await nba().textContent()).toContain('The best of 2 actions by value');
  });

  it('edits a candidate in the node form: its offer value, valued-by attribute and eligibility condition', async () => {
    await nba().click();
    await expect.poll(() => inspector().getByLabel(/^Offer value/).count()).toBe(2);
    await expect.poll(() => inspector().getByLabel(/^Offer value/).first().inputValue()).toBe('40');
    expect(await inspector().getByLabel(/^Valued by/).first().inputValue()).toBe('value_score');
    expect(await inspector().getByText('Eligible when').count()).toBeGreaterThan(0);
    // What is typed is the draft's: the server keeps the discount's new offer value, then the old one again.
    await inspector().getByLabel(/^Offer value/).nth(1).fill('300');
    await expect.poll(draftDiscountValue, { timeout: 10_000 }).toBe(300);
    await inspector().getByLabel(/^Offer value/).nth(1).fill('15');
    await expect.poll(draftDiscountValue, { timeout: 10_000 }).toBe(15);
  });

  it("runs a saved case in the simulator, whose path says why the premium offer won and the discount lost", async () => {
    await page.getByRole('tab', { name: 'Simulate' }).click();
    const saved = page.getByTestId('saved-tests');
    await saved.locator('li', { hasText: 'high-value coupon hunter' }).getByRole('button', { name: 'Load' }).click();
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    const step = page.locator('.trace li', { hasText: 'Next best action' });
    await expect.poll(() => step.textContent()).toContain('Premium collection');
    expect(await step.locator('.r').textContent()).toBe('premium won with 3000 (value_score 75 × 40); discount lost with 1125 (value_score 75 × 15)');
    await screenshot(page, 'branch-best-simulation');
    expect(pageErrors).toEqual([]);
  });
});
