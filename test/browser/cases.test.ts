import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { NODE_CATALOGUE } from '@parcours/shared';
import { type AppSession, openApp, type RunningServer, screenshot, signInAs } from './harness.ts';

/** The tester's path through the real app: keep a run as a case, see coverage, break the case, and publish past it. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

/** signed_up → wait 1 day → VIP? yes: email → done; no: skip. */
const SCENARIO = {
  schemaVersion: 1,
  id: 'gated',
  name: 'Gated welcome',
  templates: [{ id: 'vip-mail', channel: 'email', name: 'VIP mail', subject: 'Hello', html: '<p>Hi</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: 'wait', type: 'wait.delay', config: { duration: '1d' }, position: { x: 0, y: 160 } },
    { id: 'vip', type: 'branch.condition', config: { condition: { attribute: 'vip', op: 'eq', value: true } }, position: { x: 0, y: 320 } },
    { id: 'mail', type: 'action.email', config: { template: 'vip-mail' }, position: { x: -180, y: 480 } },
    { id: 'done', type: 'flow.exit', config: {}, position: { x: -180, y: 640 } },
    { id: 'skip', type: 'flow.exit', config: {}, position: { x: 180, y: 480 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'wait' },
    { id: 'e2', source: 'wait', sourceHandle: 'next', target: 'vip' },
    { id: 'e3', source: 'vip', sourceHandle: 'yes', target: 'mail' },
    { id: 'e4', source: 'mail', sourceHandle: 'next', target: 'done' },
    { id: 'e5', source: 'vip', sourceHandle: 'no', target: 'skip' },
  ],
};

beforeAll(async () => {
  app = await openApp({
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      const created = await s.api('POST', '/scenarios', SCENARIO);
      if (created.status !== 201) throw new Error(`could not create the scenario: ${JSON.stringify(created.body)}`);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const node = (id: string) => page.locator(`[data-testid="node-${id}"]`);
const savedTests = () => page.getByTestId('saved-tests');
const allSaved = () => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
const versions = async () => (await server.api<{ items: unknown[] }>('GET', '/scenarios/gated/versions')).body.items;

describe('saved cases in a real browser', () => {
  it('saves the current simulation as a case, kept in the draft on the server', async () => {
    await signInAs(page, server);
    await page.goto(`${server.url}/#/scenarios/gated`);
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(6);
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByRole('button', { name: '▶ Run simulation' }).click();
    await expect.poll(() => page.getByTestId('sim-result').textContent()).toMatch(/Left the journey/);
    await page.getByLabel('Test case name').fill('a visitor who is not VIP is let go');
    await page.getByRole('button', { name: 'Save as test' }).click();
    await allSaved();
    const draft = (await server.api<{ draft: { tests: { name: string; expect: { path: string[] } }[] } }>('GET', '/scenarios/gated')).body.draft;
    expect(draft.tests.map((t) => [t.name, t.expect.path])).toEqual([['a visitor who is not VIP is let go', ['start', 'wait', 'vip', 'skip']]]);
  });

  it('runs the cases, shows the coverage and dashes the ways no case takes on the canvas', async () => {
    await page.getByRole('button', { name: 'Run all tests' }).click();
    await expect.poll(() => savedTests().getByLabel('passed').count()).toBe(1);
    await expect.poll(() => page.getByTestId('coverage').textContent()).toMatch(/nodes 4\/6, outputs 3\/5 \(60 %\)/);
    await expect.poll(() => page.locator('.react-flow__edge-path.edge-uncovered').count()).toBe(2);
    expect(await node('vip').locator('.jnode-output.uncovered').count()).toBe(1);
    expect(await node('mail').locator('.jnode-output.uncovered').count()).toBe(1);
    expect(await node('wait').locator('.jnode-output.uncovered').count()).toBe(0);
    // Without the replayed path on the canvas, only the coverage marks remain.
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await page.getByTestId('coverage').scrollIntoViewIfNeeded();
    await screenshot(page, 'cases-coverage');
  });

  it('suggests a case for the VIP way, saved after review: every output is covered', async () => {
    await page.getByRole('button', { name: 'Suggest cases' }).click();
    const suggestion = page.getByLabel('Suggested case 1', { exact: true });
    const path = (['entry.event', 'wait.delay', 'branch.condition', 'action.email', 'flow.exit'] as const).map((type) => NODE_CATALOGUE[type].title).join(' → ');
    await expect.poll(() => suggestion.textContent()).toContain(`Path: ${path}`);
    await suggestion.getByRole('button', { name: 'Save case' }).click();
    await expect.poll(() => page.getByTestId('coverage').textContent()).toMatch(/nodes 6\/6, outputs 5\/5 \(100 %\)/);
    await expect.poll(() => page.locator('.react-flow__edge-path.edge-uncovered').count()).toBe(0);
    await allSaved();
    const draft = (await server.api<{ draft: { tests: { expect: { path: string[] } }[] } }>('GET', '/scenarios/gated')).body.draft;
    expect(draft.tests[1].expect.path).toEqual(['start', 'wait', 'vip', 'mail', 'done']);
  });

  it('a wait longer than the cases run for breaks them: re-running the cases shows the failures', async () => {
    await node('wait').click();
    await page.getByRole('tab', { name: 'Node' }).click();
    await page.getByLabel(/^Duration/).fill('100d');
    await allSaved();
    await page.getByRole('tab', { name: 'Simulate' }).click();
    await page.getByRole('button', { name: 'Run all tests' }).click();
    await expect.poll(() => savedTests().getByLabel('failed').count()).toBe(2);
    const failures = await savedTests().locator('.failures').first().textContent();
    expect(failures).toContain('path: expected start → wait → vip → skip, got start → wait');
    expect(failures).toContain('status: expected exited, got active');
  });

  it('publishing shows the failing cases and publishes only on "Publish anyway"', async () => {
    await page.getByRole('button', { name: /^Publish/ }).click();
    // Publishing asks first (issue 13): the summary, then the cases are run.
    await page.getByTestId('publish-dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Test cases fail' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/2 saved test cases fail.*a visitor who is not VIP is let go: path: expected start → wait → vip → skip, got start → wait/);
    await screenshot(page, 'cases-publish-refused');
    expect(await versions()).toEqual([]);

    await dialog.getByRole('button', { name: 'Publish anyway' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Published version' }).textContent()).toMatch(/Published version 1\..*despite 2 failing test cases/);
    expect(await versions()).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });
});
