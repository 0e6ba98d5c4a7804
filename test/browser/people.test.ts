import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleMessage, Page } from 'playwright-core';
import { type AppSession, openApp, REPO, type RunningServer, screenshot } from './harness.ts';

/** People in a real browser: the setup link of a fresh server, the first admin, an editor they create, who cannot publish. */
let app: AppSession;
let server: RunningServer;
let page: Page;
let pageErrors: string[];
const policyViolations: string[] = [];

const ADMIN = { email: 'first.admin@example.com', password: 'the first admin passphrase' };
const EDITOR = { email: 'ed.itor@example.com', password: 'an editor passphrase' };

beforeAll(async () => {
  app = await openApp({
    seed: async (s) => {
      const welcome = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8'));
      const created = await s.api('POST', '/scenarios/import', welcome);
      if (created.status !== 201) throw new Error(`could not create the scenario: ${JSON.stringify(created.body)}`);
    },
  });
  ({ server, page, pageErrors } = app);
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy/i.test(m.text())) policyViolations.push(m.text());
  });
}, 120_000);

afterAll(() => app?.close());

const signedInAs = () => page.getByTestId('signed-in-as').textContent();

async function signIn(who: { email: string; password: string }) {
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

describe('people in a real browser', () => {
  it('creates the first administrator through the setup link the server printed, signed in at once', async () => {
    const link = server.output().match(/create the first administrator:\s+(\S+)/)?.[1];
    expect(link).toMatch(/\/#\/setup\/[\w-]+$/);
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();
    await page.fill('#email', ADMIN.email);
    await page.fill('#new-password', ADMIN.password);
    await page.fill('#repeat-password', `${ADMIN.password}!`);
    await expect.poll(() => page.getByText('The two passwords differ.').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Create and sign in' }).isDisabled()).toBe(true);
    await page.fill('#repeat-password', ADMIN.password);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await expect.poll(signedInAs).toBe(`Signed in as ${ADMIN.email} (admin)`);
    // The session is a cookie no script reads, and nothing is kept in the page's storage.
    expect(await page.evaluate(() => document.cookie)).not.toContain('parcours_session');
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'parcours.language'))).toEqual([]);
  });

  it('refuses the setup link a second time', async () => {
    const link = server.output().match(/create the first administrator:\s+(\S+)/)![1];
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(link);
    await page.fill('#email', 'intruder@example.com');
    await page.fill('#new-password', 'an intruder passphrase');
    await page.fill('#repeat-password', 'an intruder passphrase');
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no longer works/);
  });

  it('signs the admin in with email and password, and lets them create an editor on the Users page', async () => {
    await page.goto(server.url);
    await signIn(ADMIN);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.fill('#user-email', EDITOR.email);
    await page.selectOption('#user-role', 'editor');
    await page.fill('#new-password', EDITOR.password);
    await page.fill('#repeat-password', EDITOR.password);
    await page.getByRole('button', { name: 'Create user' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain(`${EDITOR.email} can sign in now`);
    const row = page.getByTestId('users').locator('tr', { hasText: EDITOR.email });
    expect(await row.getByRole('combobox').inputValue()).toBe('editor');
    await screenshot(page, 'people-users');
  });

  it('signs the editor in: they edit drafts but cannot publish, and see no Users page', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(EDITOR);
    await expect.poll(signedInAs).toBe(`Signed in as ${EDITOR.email} (editor)`);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await page.goto(`${server.url}/#/scenarios/welcome-series`);
    const publish = page.getByRole('button', { name: /^Publish/ });
    await publish.waitFor();
    expect(await publish.isDisabled()).toBe(true);
    expect(await publish.getAttribute('title')).toBe('Publishing and archiving need the publisher role.');
    // Editing stays open to them: the palette is there, not the read-only banner.
    expect(await page.getByText('Editing it needs the editor role').count()).toBe(0);
    // And the server agrees: the editor's own session is refused publishing.
    const refused = await page.evaluate(async () => {
      const session = await (await fetch('/api/auth/session')).json();
      const res = await fetch('/api/scenarios/welcome-series/publish', { method: 'POST', headers: { 'x-csrf-token': session.csrfToken } });
      return res.status;
    });
    expect(refused).toBe(403);
    await screenshot(page, 'people-editor');
  });

  it('serves the app with a CSP it does not break, and no inline script', async () => {
    const res = await fetch(server.url);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(policyViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
