import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/** Issue 13, "content where the node is" and "a marketer's words": each point fails on the app before it. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

/** A draft with a labelled wait, a condition, an email and an SMS whose content is written in their panels. */
const draftScenario = {
  schemaVersion: 1,
  id: 'words',
  name: 'Words',
  templates: [
    { id: 'hello', channel: 'email', name: 'Hello', subject: 'Welcome {{ contact.firstName }}', html: '<p>Hi</p>' },
    { id: 'hi-sms', channel: 'sms', name: 'Hi SMS', text: 'Hi' },
  ],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: 'wait', type: 'wait.delay', label: 'Give them a day', config: { duration: '1d' }, position: { x: 0, y: 160 } },
    { id: 'plan', type: 'branch.condition', config: { condition: { attribute: 'plan', op: 'eq', value: 'pro' } }, position: { x: 0, y: 320 } },
    { id: 'mail', type: 'action.email', label: 'Welcome email', config: { template: 'hello' }, position: { x: -200, y: 480 } },
    { id: 'text', type: 'action.sms', label: 'Welcome SMS', config: { template: 'hi-sms' }, position: { x: 200, y: 480 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'wait' },
    { id: 'e2', source: 'wait', sourceHandle: 'next', target: 'plan' },
    { id: 'e3', source: 'plan', sourceHandle: 'yes', target: 'mail' },
    { id: 'e4', source: 'plan', sourceHandle: 'no', target: 'text' },
  ],
};

/** Published at once: its email goes to a contact with a first name and fails for one without (the subject needs it). */
const instant = {
  schemaVersion: 1,
  id: 'instant',
  name: 'Instant',
  templates: [{ id: 'welcome', channel: 'email', name: 'Welcome', subject: 'Hi {{ contact.firstName }}', html: '<p>Hi</p>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'joined' }, position: { x: 0, y: 0 } },
    { id: 'email-1', type: 'action.email', label: 'Welcome email', config: { template: 'welcome' }, position: { x: 0, y: 160 } },
    { id: 'end', type: 'flow.exit', config: {}, position: { x: 0, y: 320 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'email-1' },
    { id: 'e2', source: 'email-1', sourceHandle: 'next', target: 'end' },
  ],
};

type Draft = { nodes: { id: string; config: Record<string, unknown> }[]; templates: Record<string, unknown>[] };

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 900 },
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', draftScenario)).status).toBe(201);
      expect((await s.api('POST', '/scenarios', instant)).status).toBe(201);
      const published = await s.api('POST', '/scenarios/instant/publish');
      expect(published.status, JSON.stringify(published.body)).toBe(201);
      const contacts = { 'camille@example.com': { firstName: 'Camille', city: 'Lyon' }, 'nameless@example.com': { city: 'Lyon' } };
      for (const [id, attributes] of Object.entries(contacts)) {
        expect((await s.api('PUT', `/contacts/${encodeURIComponent(id)}`, { attributes: { ...attributes, email: id }, consents: { email: true } })).status).toBeLessThan(300);
        expect((await s.api('POST', '/track', { userId: id, event: 'joined' })).status).toBeLessThan(300);
      }
      const settled = async () => (await s.api<{ items: { status: string }[] }>('GET', '/messages')).body.items;
      for (let i = 0; (await settled()).filter((m) => m.status !== 'pending').length < 2; i++) {
        if (i > 50) throw new Error('the tracked events did not settle two messages');
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

const node = (id: string) => page.locator(`[data-testid="node-${id}"]`);
const inspector = () => page.getByRole('complementary', { name: 'Inspector' });
const allSaved = () => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toBe('All changes saved');
const draft = async () => (await server.api<{ draft: Draft }>('GET', '/scenarios/words')).body.draft;

describe("content where the node is, and a marketer's words", () => {
  it("writes an email's subject and body in the node's panel, previewed live, without the Templates tab", async () => {
    await page.goto(`${server.url}/#/scenarios/words`);
    await node('mail').click();
    const message = inspector().getByTestId('message-content');
    await message.getByLabel('Subject').fill('Bonjour {{ contact.firstName }} !');
    await message.getByLabel(/^Body/).fill('<p>Nous avons hâte de vous voir à {{ contact.city }}.</p>');
    const sample = message.getByTestId('sample-preview');
    await expect.poll(() => sample.locator('.preview-subject').textContent()).toBe('Bonjour Camille !');
    await expect.poll(() => sample.frameLocator('iframe').locator('p').first().textContent()).toBe('Nous avons hâte de vous voir à Lyon.');
    await allSaved();
    expect((await draft()).templates[0]).toMatchObject({ id: 'hello', subject: 'Bonjour {{ contact.firstName }} !' });

    // A real contact, by an id as long as an email address: the field shows it whole.
    const contact = message.getByLabel('Preview for a contact');
    expect((await contact.boundingBox())!.width).toBeGreaterThan(180);
    await contact.fill('camille@example.com');
    await message.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => message.getByTestId('contact-preview').textContent()).toContain('Rendered by the server for camille@example.com');
    expect(await message.getByTestId('contact-preview').locator('.preview-subject').textContent()).toBe('Bonjour Camille !');
    await screenshot(page, 'content-email-panel');
  });

  it('writes a new template for the node, named after it, from the panel', async () => {
    const message = inspector().getByTestId('message-content');
    await message.getByLabel('Template', { exact: true }).selectOption({ label: 'New template for this node' });
    await message.getByLabel('Subject').fill('A fresh start');
    await message.getByLabel(/^Body/).fill('<p>Hello</p>');
    await allSaved();
    const saved = await draft();
    expect(saved.templates.find((t) => t.id === 'mail')).toEqual({ id: 'mail', channel: 'email', name: 'Welcome email', subject: 'A fresh start', html: '<p>Hello</p>' });
    expect(saved.nodes.find((n) => n.id === 'mail')!.config.template).toBe('mail');
  });

  it('brings the node panel back when a node is clicked on the Templates tab', async () => {
    await page.getByRole('tab', { name: 'Templates' }).click();
    await page.getByTestId('templates-panel').waitFor();
    await node('mail').click();
    await inspector().getByTestId('message-content').waitFor();
    expect(await page.getByRole('tab', { name: 'Node' }).getAttribute('aria-selected')).toBe('true');
  });

  it("counts an SMS's characters and segments; an emoji makes it UCS-2", async () => {
    await node('text').click();
    const message = inspector().getByTestId('message-content');
    const text = message.getByLabel('Message', { exact: true });
    expect(await text.evaluate((e) => e.tagName)).toBe('TEXTAREA');
    await text.fill('a'.repeat(161));
    const length = message.getByTestId('sms-length');
    await expect.poll(() => length.textContent()).toMatch(/^161 characters · 2 segments · 153 characters per segment \(GSM-7\)/);
    await text.fill(`${'a'.repeat(60)} 🎉`);
    await expect.poll(() => length.textContent()).toMatch(/^62 characters · 1 segment · 70 characters per segment \(UCS-2\)/);
    await text.fill(`${'a'.repeat(70)} 🎉`);
    await expect.poll(() => length.textContent()).toMatch(/^72 characters · 2 segments · 67 characters per segment \(UCS-2\)/);
    await screenshot(page, 'content-sms-panel');
  });

  it('names condition operators in words', async () => {
    await node('plan').click();
    const op = inspector().getByLabel(/^Operator/);
    expect(await op.locator('option:checked').textContent()).toBe('is');
    expect(await op.locator('option').allTextContents()).toEqual(['is', 'is not', 'more than', 'at least', 'less than', 'at most', 'contains', 'is one of', 'is set', 'is not set']);
    await op.selectOption({ label: 'at least' });
    await allSaved();
    expect((await draft()).nodes.find((n) => n.id === 'plan')!.config).toEqual({ condition: { attribute: 'plan', op: 'gte', value: 'pro' } });
  });

  it('accepts "3 days" for a wait and shows it back in words; the problems list names a bad one by its label', async () => {
    await node('wait').click();
    const duration = inspector().getByLabel(/^Duration/);
    expect(await duration.inputValue()).toBe('1 day');
    await duration.fill('3 days');
    await duration.press('Tab');
    expect(await duration.inputValue()).toBe('3 days');
    await expect.poll(() => node('wait').textContent()).toContain('3 days');
    await allSaved();
    expect((await draft()).nodes.find((n) => n.id === 'wait')!.config).toEqual({ duration: '3d' });

    await duration.fill('2 heures');
    await duration.press('Tab');
    expect(await duration.inputValue()).toBe('2 hours');

    await duration.fill('3 dayz');
    await expect.poll(() => inspector().locator('.field-invalid .field-error').first().textContent()).toBe(
      '"dayz" is not a unit of time: use weeks, days, hours, minutes or seconds',
    );
    const problems = page.getByTestId('problems');
    await expect.poll(() => problems.textContent()).toMatch(/Give them a day · wait:/);
    await duration.fill('2 hours');
    await expect.poll(() => problems.textContent()).not.toMatch(/Give them a day/);
  });

  it('names nodes by their label in the outbox, with the id beside it, and says "failed" in words', async () => {
    await page.goto(`${server.url}/#/outbox`);
    const sent = page.locator('tr', { hasText: 'camille@example.com' });
    await expect.poll(() => sent.textContent()).toMatch(/Welcome email · email-1/);
    const failed = page.locator('tr', { hasText: 'nameless@example.com' });
    expect(await failed.textContent()).toMatch(/Welcome email · email-1.*failed/);
    await failed.click();
    const detail = page.locator('.detail-pane');
    await expect.poll(() => detail.textContent()).toMatch(/^Failed: nothing was sent\./);
    expect(await detail.textContent()).not.toMatch(/the message was/);
    await screenshot(page, 'outbox-labels');
  });

  it("names nodes by their label in a contact's timeline", async () => {
    await page.goto(`${server.url}/#/contacts/${encodeURIComponent('camille@example.com')}`);
    const timeline = page.getByTestId('contact-detail').locator('.timeline');
    await expect.poll(() => timeline.textContent()).toMatch(/Welcome email · email-1/);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
