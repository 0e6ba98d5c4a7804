import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/**
 * Issue 13, "counts that mean what they say", in a real browser on the real server: a goal reached
 * without the goal event is completed, not converted; a failing send shows as failed with a badge that
 * opens its reason and contact; after publishing v2 the contacts waiting on v1 stay in the counts.
 */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const at = (y: number) => ({ x: 0, y });

/** Sign-up, a welcome email, and the goal: upgrading. Nobody upgrades. */
const truth = {
  schemaVersion: 1,
  id: 'truth',
  name: 'Welcome to Pro',
  templates: [{ id: 'hello', channel: 'email', name: 'Hello', subject: 'Welcome', html: '<p>Welcome</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: at(0) },
    { id: 'mail', type: 'action.email', config: { template: 'hello' }, position: at(200) },
    { id: 'goal', type: 'flow.goal', label: 'Upgraded', config: { event: 'upgraded' }, position: at(400) },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'mail' },
    { id: 'e2', source: 'mail', sourceHandle: 'next', target: 'goal' },
  ],
};

/** A month's wait: the contacts who joined on v1 still wait there when v2, with another wait node, goes live. */
const versioned = (waitId: string) => {
  const nodes = [
    { id: 'start', type: 'entry.event', config: { event: 'joined' }, position: at(0) },
    { id: waitId, type: 'wait.delay', config: { duration: '30d' }, position: at(200) },
    { id: 'end', type: 'flow.exit', config: {}, position: at(400) },
  ];
  return {
    schemaVersion: 1,
    id: 'versions',
    name: 'Two versions',
    nodes,
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: waitId },
      { id: 'e2', source: waitId, sourceHandle: 'next', target: 'end' },
    ],
  };
};

async function track(s: RunningServer, contact: string, profile: object, event: string) {
  expect((await s.api('PUT', `/contacts/${contact}`, profile)).status).toBeLessThan(300);
  expect((await s.api('POST', '/track', { userId: contact, event })).status).toBeLessThan(300);
}

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', truth)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/truth/publish')).status).toBe(201);
      await track(s, 'c-ok', { attributes: { email: 'ok@example.com' }, consents: { email: true } }, 'signed_up');
      // Consent but no address: the email fails at delivery.
      await track(s, 'c-noaddr', { attributes: {}, consents: { email: true } }, 'signed_up');
      // No consent: skipped by the consent rule.
      await track(s, 'c-noconsent', { attributes: { email: 'no@example.com' } }, 'signed_up');
      const delivered = async () => (await s.api<{ items: { status: string }[] }>('GET', '/messages?scenarioId=truth')).body.items;
      for (let i = 0; (await delivered()).some((m) => m.status === 'pending') || (await delivered()).length < 2; i++) {
        if (i > 100) throw new Error('the outbox did not deliver');
        await new Promise((r) => setTimeout(r, 200));
      }

      expect((await s.api('POST', '/scenarios', versioned('old_wait'))).status).toBe(201);
      expect((await s.api('POST', '/scenarios/versions/publish')).status).toBe(201);
      await track(s, 'v1-a', { attributes: {} }, 'joined');
      await track(s, 'v1-b', { attributes: {} }, 'joined');
      expect((await s.api('PUT', '/scenarios/versions/draft', versioned('new_wait'))).status).toBe(200);
      expect((await s.api('POST', '/scenarios/versions/publish')).status).toBe(201);
      await track(s, 'v2-a', { attributes: {} }, 'joined');
    },
  });
  ({ server, page, pageErrors } = app);
}, 180_000);

afterAll(() => app?.close());

const node = (id: string) => page.getByTestId(`node-${id}`);

/** Opens a scenario's canvas with its live counts on. */
async function openCounts(id: string) {
  await page.goto(`${server.url}/#/scenarios/${id}`);
  const toggle = page.getByRole('checkbox', { name: /Live counts/ });
  await toggle.waitFor();
  if (!(await toggle.isChecked())) await toggle.check();
}

describe('counts on the canvas mean what they say', () => {
  it('a goal reached without the goal event shows completed, not converted', async () => {
    await openCounts('truth');
    const completed = node('goal').getByTestId('count-completed');
    await expect.poll(() => completed.textContent()).toBe('✓ 3 completed');
    expect(await node('goal').getByTestId('count-converted').textContent()).toBe('★ 0 (0%)');
  });

  it('a message node shows sent, skipped by rule and failed; the failure badge opens the reason and the contact', async () => {
    const mail = node('mail');
    await expect.poll(() => mail.getByTestId('count-sent').textContent()).toBe('1 sent');
    expect(await mail.getByTestId('count-skipped').textContent()).toBe('1 skipped');
    expect(await mail.getByTestId('count-skipped').getAttribute('title')).toContain('No consent: 1');
    const badge = mail.getByTestId('count-failed');
    expect(await badge.textContent()).toBe('⚠ 1 failed');
    await badge.click();
    const popover = page.getByRole('dialog', { name: 'Why sends failed' });
    await popover.waitFor();
    await expect.poll(() => popover.textContent()).toMatch(/attribute "email".*×1/);
    const contact = popover.getByRole('link', { name: 'c-noaddr' });
    expect(await contact.getAttribute('href')).toBe('#/contacts/c-noaddr');
    expect(await popover.getByRole('link', { name: "Open this scenario's outbox" }).getAttribute('href')).toBe('#/outbox/truth');
    await screenshot(page, 'true-counts-failures');
    // The badge sits on a node: clicking it opens the reasons without selecting or dragging the node.
    expect(await mail.getAttribute('class')).not.toMatch(/selected/);
  });

  it("after publishing v2, v1's waiting contacts stay in the counts, split per version on hover, removed nodes noted", async () => {
    await openCounts('versions');
    const counts = node('start').getByTestId('live-counts');
    await expect.poll(() => node('start').locator('.jnode-stats span').first().textContent()).toBe('▶ 3');
    await counts.hover();
    const split = await counts.getAttribute('title');
    expect(split).toContain('Version 2: 1 entered, 0 waiting now');
    expect(split).toContain('Version 1: 2 entered, 0 waiting now');
    expect(await page.getByTestId('removed-nodes').textContent()).toBe('2 contacts on removed nodes of v1');
    expect(await node('new_wait').locator('.jnode-stats span').nth(1).textContent()).toBe('⏸ 1');
    await screenshot(page, 'true-counts-versions');
    expect(pageErrors).toEqual([]);
  });

  it("a goal's panel sets its window and its condition, and takes the condition away again", async () => {
    await openCounts('truth');
    await node('goal').click();
    const inspector = page.getByRole('complementary', { name: 'Inspector' });
    const goalConfig = async () => (await server.api<{ draft: typeof truth }>('GET', '/scenarios/truth')).body.draft.nodes.find((n) => n.id === 'goal')?.config;
    await inspector.getByLabel(/^Window/).fill('7d');
    await expect.poll(goalConfig, { timeout: 10_000 }).toEqual({ event: 'upgraded', within: '7d' });
    const condition = inspector.getByLabel(/^Goal condition/);
    expect(await condition.inputValue()).toBe('-1');
    await condition.selectOption({ index: 1 });
    const fields = condition.locator('xpath=ancestor::fieldset[1]');
    await expect.poll(() => fields.locator('input, select').count()).toBeGreaterThan(1);
    await condition.selectOption({ label: 'None' });
    await expect.poll(() => fields.locator('input, select').count()).toBe(1);
    await expect.poll(goalConfig, { timeout: 10_000 }).toEqual({ event: 'upgraded', within: '7d' });
    expect(pageErrors).toEqual([]);
  });
});
