import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/** Around the canvas, against a live server: counts, outbox, contacts, old versions, API keys, a lost connection. */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;

const instant = {
  schemaVersion: 1,
  id: 'instant',
  name: 'Instant welcome',
  templates: [{ id: 'hello', channel: 'email', name: 'Hello', subject: 'Welcome {{ contact.firstName }}', html: '<h1>Hi {{ contact.firstName }}</h1><script>parent.document.title="pwned"</script>' }],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } },
    { id: 'mail', type: 'action.email', config: { template: 'hello' }, position: { x: 0, y: 160 } },
    { id: 'end', type: 'flow.exit', config: {}, position: { x: 0, y: 320 } },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'mail' },
    { id: 'e2', source: 'mail', sourceHandle: 'next', target: 'end' },
  ],
};

beforeAll(async () => {
  app = await openApp({
    signIn: true,
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', instant)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/instant/publish')).status).toBe(201);
      expect((await s.api('PUT', '/contacts/c-1', { attributes: { firstName: 'Camille', email: 'camille@example.com' }, consents: { email: true } })).status).toBeLessThan(300);
      expect((await s.api('POST', '/track', { userId: 'c-1', event: 'signed_up' })).status).toBeLessThan(300);
      // Wait until the outbox has delivered the message (no longer pending).
      const delivered = async () => (await s.api<{ items: { status: string }[] }>('GET', '/messages?contactId=c-1')).body.items;
      for (let i = 0; !(await delivered()).some((m) => m.status !== 'pending'); i++) {
        if (i > 50) throw new Error('the tracked event sent no message');
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  });
  ({ server, page, pageErrors } = app);
}, 120_000);

afterAll(() => app?.close());

describe('operating a live scenario in a real browser', () => {
  it('lists the scenario as live with its version', async () => {
    await page.goto(`${server.url}/#/scenarios`);
    const row = page.getByTestId('scenario-table').locator('tr', { hasText: 'Instant welcome' });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/live.*v1/);
  });

  it('shows live counts on the nodes of the published version', async () => {
    await page.goto(`${server.url}/#/scenarios/instant`);
    await page.getByLabel(/Live counts/).check();
    await expect.poll(() => page.locator('[data-testid="node-mail"] .jnode-stats').textContent()).toMatch(/▶ 1/);
    await page.locator('[data-testid="node-start"]').click();
    const table = page.getByRole('table', { name: 'Live counts of this node' });
    await expect.poll(() => table.textContent()).toMatch(/Entered1/);
    expect(await table.textContent()).toMatch(/→ next1 · 0 converted/);
    await screenshot(page, 'live-counts');
  });

  it('lists the message in the outbox with its status', async () => {
    await page.goto(`${server.url}/#/outbox`);
    const row = page.locator('tr', { hasText: 'c-1' });
    // The node by its name in words (its type: it has no label), the id beside it (issue 13).
    expect(await row.textContent()).toMatch(/email.*hello.*Email · mail.*instant v1/);
    await row.click();
    await page.locator('.detail-pane').getByText(/./).first().waitFor();
    await screenshot(page, 'outbox');
  });

  it('shows the sent email rendered in a sandboxed frame that cannot run scripts', async () => {
    await page.goto(`${server.url}/#/outbox`);
    await page.locator('tr', { hasText: 'c-1' }).click();
    const frame = page.locator('iframe.email-preview');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await page.frameLocator('iframe.email-preview').locator('h1').textContent()).toBe('Hi Camille');
    await page.waitForTimeout(200);
    expect(await page.title()).toBe('Parcours');
    expect(await page.locator('.message-preview h2').textContent()).toBe('Welcome Camille');
    await screenshot(page, 'outbox-email');
  });

  it('finds the contact and shows their timeline', async () => {
    await page.goto(`${server.url}/#/contacts`);
    await page.getByLabel('Search contacts').fill('c-1');
    await page.getByRole('link', { name: /c-1/ }).click();
    const detail = page.getByTestId('contact-detail');
    await expect.poll(() => detail.locator('.timeline').textContent()).toMatch(/signed_up/);
    expect(await detail.locator('.timeline').textContent()).toMatch(/email/);
    await screenshot(page, 'contact-timeline');
  });

  it('erases a contact', async () => {
    expect((await server.api('PUT', '/contacts/to-erase', { attributes: { firstName: 'Ana' } })).status).toBeLessThan(300);
    await page.goto(`${server.url}/#/contacts/to-erase`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Erase this contact' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/contacts$/);
    expect((await server.api('GET', '/contacts/to-erase')).status).toBe(404);
  });

  it('shows an old version read-only', async () => {
    await page.goto(`${server.url}/#/scenarios/instant/versions/1`);
    await page.getByText(/published version 1/).waitFor();
    expect(await page.locator('.palette-item').first().getAttribute('aria-disabled')).toBe('true');
    await page.locator('[data-testid="node-end"]').click();
    await page.keyboard.press('Delete');
    await page.waitForTimeout(300);
    expect(await page.locator('.react-flow__node').count()).toBe(3);
    expect(await page.getByLabel(/^Name on the canvas/).getAttribute('readonly')).not.toBeNull();
  });

  it('creates an ingest key shown once, which works, then revokes it', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.fill('#key-name', 'Website');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.locator('code.secret').textContent())!;
    expect(key.length).toBeGreaterThan(10);
    const track = () => fetch(`${server.url}/api/track`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'c-2', event: 'visited' }) });
    expect((await track()).status).toBeLessThan(300);
    page.once('dialog', (d) => void d.accept());
    await page.locator('tr', { hasText: 'Website' }).getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'Website' }).count()).toBe(0);
    expect((await track()).status).toBe(401);
  });

  it('keeps edits made while the server is down and saves them when it is back', async () => {
    await page.goto(`${server.url}/#/scenarios/instant`);
    await page.locator('[data-testid="node-mail"]').click();
    await server.halt();
    await page.getByLabel(/^Name on the canvas/).fill('Hello email');
    await page.getByText(/Connection to the server lost/).waitFor();
    await expect.poll(() => page.getByTestId('save-state').textContent()).toMatch(/Offline/);
    await screenshot(page, 'offline');
    await server.start();
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 15_000 }).toBe('All changes saved');
    await expect.poll(() => page.getByText(/Connection to the server lost/).count()).toBe(0);
    const draft = await server.api<{ draft: { nodes: { id: string; label?: string }[] } }>('GET', '/scenarios/instant');
    expect(draft.body.draft.nodes.find((n) => n.id === 'mail')?.label).toBe('Hello email');
  });

  it('restores a published version as the draft', async () => {
    await page.goto(`${server.url}/#/scenarios/instant/versions/1`);
    await page.getByRole('button', { name: 'Restore as draft' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/scenarios\/instant$/);
    const draft = await server.api<{ draft: { nodes: { id: string; label?: string }[] } }>('GET', '/scenarios/instant');
    expect(draft.body.draft.nodes.find((n) => n.id === 'mail')?.label).toBeUndefined();
    await expect.poll(() => page.locator('[data-testid="node-mail"]').textContent()).not.toContain('Hello email');
  });

  it('renames and archives a scenario from the list', async () => {
    expect((await server.api('POST', '/scenarios', { ...instant, id: 'spare', name: 'Spare' })).status).toBe(201);
    await page.goto(`${server.url}/#/scenarios`);
    const row = page.getByTestId('scenario-table').locator('tr', { hasText: 'Spare' });
    await row.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('Spare parts');
    await page.getByLabel('New name').press('Enter');
    await expect.poll(async () => (await server.api<{ name: string }>('GET', '/scenarios/spare')).body.name).toBe('Spare parts');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('scenario-table').locator('tr', { hasText: 'Spare parts' }).getByRole('button', { name: 'Archive' }).click();
    await expect.poll(async () => (await server.api<{ status: string }>('GET', '/scenarios/spare')).body.status).toBe('archived');
    await expect.poll(() => page.getByTestId('scenario-table').locator('tr', { hasText: 'Spare parts' }).count()).toBe(0);
    await page.getByLabel(/Show 1 archived/).check();
    await page.getByTestId('scenario-table').locator('tr', { hasText: 'Spare parts' }).waitFor();
  });

  it('duplicates a scenario into a new draft', async () => {
    await page.goto(`${server.url}/#/scenarios`);
    await page.getByTestId('scenario-table').locator('tr', { hasText: 'Instant welcome' }).getByRole('button', { name: 'Duplicate' }).click();
    await expect.poll(() => page.url()).toContain('#/scenarios/instant-copy');
    const copy = await server.api<{ name: string; status: string; draft: { nodes: unknown[] } }>('GET', '/scenarios/instant-copy');
    expect(copy.body).toMatchObject({ name: 'Instant welcome (copy)', status: 'draft' });
    expect(copy.body.draft.nodes).toHaveLength(3);
  });

  it('lays out a journey written without positions when it opens', async () => {
    const bare = { ...instant, id: 'bare', name: 'Bare', nodes: instant.nodes.map(({ position: _, ...n }) => n) };
    expect((await server.api('POST', '/scenarios', bare)).status).toBe(201);
    await page.goto(`${server.url}/#/scenarios/bare`);
    await expect.poll(async () => {
      const d = await server.api<{ draft: { nodes: { position: { x: number; y: number } }[] } }>('GET', '/scenarios/bare');
      return new Set(d.body.draft.nodes.map((n) => n.position.y)).size;
    }, { timeout: 10_000 }).toBe(3);
  });

  it('raised no error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
