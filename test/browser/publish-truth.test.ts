import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';
import { welcomeVariant, type ExampleScenario } from './examples.ts';

/** Issue 13, publish-time truth: template variables checked at publish, the publish dialog, drafts that always save, the header. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

type Scenario = ExampleScenario;
const variant = welcomeVariant;

const LONG_NAME = 'Onboarding series for new customers';

beforeAll(async () => {
  app = await openApp({
    timeout: 15_000,
    signIn: true,
    seed: async (s) => {
      // 3 contacts with firstName, 2 of them with a plan.
      for (const [id, attributes] of [['ana', { firstName: 'Ana', plan: 'pro' }], ['bruno', { firstName: 'Bruno', plan: 'free' }], ['chloe', { firstName: 'Chloé' }]] as const) {
        expect((await s.api('PUT', `/contacts/${id}`, { attributes, consents: { email: true } })).status).toBeLessThan(300);
      }
      for (const scenario of [
        variant('typo', 'Typo', 'Welcome to Pro, {{ contact.frstName }}!'),
        variant('missing', 'Missing', 'Your {{ contact.plan }} plan'),
        // Without its saved cases: their contacts have first_name, not firstName, so the case gate would refuse it.
        { ...variant('live', LONG_NAME, 'Hello {{ contact.firstName }}'), tests: [] },
      ]) {
        expect((await s.api('POST', '/scenarios', scenario)).status).toBe(201);
      }
      expect((await s.api('POST', '/scenarios/live/publish')).status).toBe(201);
      expect((await s.api('POST', '/scenarios', { schemaVersion: 1, id: 'blank', name: 'Blank', nodes: [], edges: [] })).status).toBe(201);
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const problems = () => page.getByTestId('problems');
const publishButton = () => page.locator('.editor-actions button.primary');

async function openEditor(id: string) {
  await page.goto(`${server.url}/#/scenarios/${id}`);
  await page.locator('.editor-title h1').waitFor();
}

describe('publish-time truth in a real browser', () => {
  it('blocks publishing a misspelt template variable, with the problem on the node and a suggestion', async () => {
    await openEditor('typo');
    await expect.poll(() => problems().locator('.problems-head').textContent()).toBe('⚠ 1 problem to fix before publishing');
    const problem = problems().locator('li.error');
    expect(await problem.textContent()).toMatch(/^Welcome email · send_welcome: subject, line 1, column \d+: no contact attribute "frstName": did you mean "firstName"\?$/);
    expect(await publishButton().isDisabled()).toBe(true);
    await problem.locator('button').click();
    // The node panel of the email node shows it too.
    await expect.poll(() => page.locator('.problems-inline').textContent()).toContain('did you mean "firstName"?');
    await screenshot(page, 'publish-truth-typo');
  });

  it('warns about an attribute some contacts lack, saying how many, without blocking', async () => {
    await openEditor('missing');
    await expect.poll(() => problems().locator('li.warning').filter({ hasText: '"plan"' }).textContent()).toContain('1 contact of 3 has no "plan"');
    expect(await problems().locator('.problems-head').textContent()).toMatch(/^✓ Ready to publish, with \d+ warnings?$/);
    expect(await publishButton().isDisabled()).toBe(false);
  });

  it('opens a summary of the changes before publishing, keeps the note, and has nothing to publish afterwards', async () => {
    const draft = (await server.api<{ draft: Scenario }>('GET', '/scenarios/live')).body.draft;
    // A change the saved cases do not mind (changing the delay would fail them and ask "Publish anyway").
    (draft.nodes.find((n) => n.id === 'wait_2d') as { label?: string }).label = 'Wait two days';
    expect((await server.api('PUT', '/scenarios/live/draft', draft)).status).toBe(200);
    await openEditor('live');
    await expect.poll(() => publishButton().isDisabled()).toBe(false);
    await publishButton().click();
    const dialog = page.getByTestId('publish-dialog');
    await expect.poll(() => dialog.getByTestId('publish-changes').textContent()).toBe('Changed: Wait two days');
    expect(await dialog.getByTestId('publish-entry').textContent()).toMatch(/no one enters on publishing alone/);
    await dialog.getByLabel('Note for this version (optional)').fill('Clearer label');
    await screenshot(page, 'publish-truth-dialog');
    await dialog.getByRole('button', { name: 'Publish', exact: true }).click();
    await expect.poll(() => page.locator('.banner.ok').textContent()).toMatch(/Published version 2/);
    const versions = (await server.api<{ items: Array<{ version: number; note?: string }> }>('GET', '/scenarios/live/versions')).body.items;
    expect(versions[0]).toMatchObject({ version: 2, note: 'Clearer label' });
    await expect.poll(() => publishButton().isDisabled()).toBe(true);
    expect(await publishButton().getAttribute('title')).toBe('Nothing changed since the live version');
  });

  it('autosaves an Email node dropped before it has a template, and keeps it across a reload', async () => {
    await openEditor('blank');
    await page.dragAndDrop('.palette-item[data-type="action.email"]', '.react-flow__pane', { targetPosition: { x: 300, y: 200 } });
    await expect.poll(() => page.getByTestId('save-state').textContent()).toBe('All changes saved');
    expect(await page.locator('.editor-title h1').textContent()).toBe('Blank');
    const saved = (await server.api<{ draft: Scenario }>('GET', '/scenarios/blank')).body.draft;
    expect(saved.nodes.map((n) => n.config)).toEqual([expect.objectContaining({ template: '' })]);
    await page.reload();
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(1);
    // The incomplete node's problem is listed under its name and id, and marks the node.
    await expect.poll(() => problems().locator('li.error').filter({ hasText: /^Email · email-1: / }).count()).toBeGreaterThan(0);
    expect(await page.locator('.editor-title h1').textContent()).toBe('Blank');
  });

  it('keeps the whole title visible at 1280×720 and at 1440×900', async () => {
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(viewport);
      await openEditor('live');
      const title = page.locator('.editor-title h1');
      expect(await title.textContent()).toBe(LONG_NAME);
      const box = (await title.boundingBox())!;
      expect(box.width).toBeGreaterThan(100);
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      // Not cut: the text fits the box it is drawn in.
      expect(await title.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await screenshot(page, 'publish-truth-title-1440');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows an error under the name field for an empty name, and keeps the name', async () => {
    await openEditor('missing');
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.fill('#scenario-name', '');
    await expect.poll(() => page.locator('#scenario-name-error').textContent()).toMatch(/needs a name/);
    expect(await page.locator('.editor-title h1').textContent()).toBe('Missing');
    await expect.poll(() => page.getByTestId('save-state').textContent()).not.toMatch(/Not saved/);
    expect((await server.api<{ name: string }>('GET', '/scenarios/missing')).body.name).toBe('Missing');

    await page.goto(`${server.url}/#/scenarios`);
    const row = page.locator('tr', { hasText: 'Missing' });
    await row.getByRole('button', { name: 'Rename' }).click();
    await row.getByLabel('New name').fill('  ');
    await row.getByRole('button', { name: 'Save' }).click();
    expect(await row.getByRole('alert').textContent()).toBe('A scenario needs a name.');
    expect(await row.getByLabel('New name').isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
