import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/**
 * Invitations in a real browser: an admin invites a publisher on the Users page, the link the server printed in
 * sandbox mode opens the page where the invitee chooses name and password, and they are signed in as a publisher.
 */
let app: AppSession;
let server: RunningServer;
let page: Page;

const INVITEE = { email: 'pia.publisher@example.com', name: 'Pia Publisher', password: 'a publisher passphrase' };
const OTHER = 'not.needed@example.com';

beforeAll(async () => {
  app = await openApp({ signIn: true });
  ({ server, page } = app);
  page.on('dialog', (dialog) => void dialog.accept());
}, 120_000);

afterAll(() => app?.close());

const signedInAs = () => page.getByTestId('signed-in-as').textContent();
/** The last invitation link the server printed for this email (sandbox mode: account mail goes to the log). */
const linkFor = (email: string) => [...server.output().matchAll(new RegExp(`account mail to ${email.replace(/\./g, '\\.')}:[\\s\\S]*?(http://\\S+/#/invite/[\\w-]+)`, 'g'))].at(-1)?.[1];

async function invite(email: string, role: string) {
  await page.fill('#invite-email', email);
  await page.selectOption('#invite-role', role);
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toBe(`An invitation is on its way to ${email}.`);
}

describe('invitations in a real browser', () => {
  it('lets an admin invite people, lists them as pending, and revoke one', async () => {
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Pending invitations' }).waitFor();
    // The heading shows before the invitations are loaded: wait for the list's answer.
    await expect.poll(() => page.getByText('No invitation is waiting to be accepted.').count()).toBe(1);
    await invite(INVITEE.email, 'publisher');
    await invite(OTHER, 'viewer');
    const rows = page.getByTestId('invitations').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: INVITEE.email }).textContent()).toContain('publisher');
    await screenshot(page, 'invite-pending');

    await rows.filter({ hasText: OTHER }).getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(INVITEE.email);
  });

  it('opens the set-password page from the link, signs the invitee in with the role they were given', async () => {
    const link = linkFor(INVITEE.email);
    expect(link).toMatch(new RegExp(`^${server.url}/#/invite/`));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(link!);
    await page.getByRole('heading', { name: 'Join Parcours' }).waitFor();
    await page.fill('#invite-name', INVITEE.name);
    await page.fill('#new-password', INVITEE.password);
    await page.fill('#repeat-password', INVITEE.password);
    await page.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(signedInAs).toBe(`Signed in as ${INVITEE.email} (publisher)`);
    await screenshot(page, 'invite-accepted');
  });

  it('lets the invitee sign in again with the password they chose; the link works no more', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.fill('#email', INVITEE.email);
    await page.fill('#password', INVITEE.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(signedInAs).toBe(`Signed in as ${INVITEE.email} (publisher)`);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.goto(linkFor(INVITEE.email)!);
    await page.fill('#invite-name', 'Someone Else');
    await page.fill('#new-password', 'another long passphrase');
    await page.fill('#repeat-password', 'another long passphrase');
    await page.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no longer works/);
  });

  it('revoked links do not work', async () => {
    await page.goto(linkFor(OTHER)!);
    await page.fill('#invite-name', 'Not Needed');
    await page.fill('#new-password', 'a passphrase of mine');
    await page.fill('#repeat-password', 'a passphrase of mine');
    await page.getByRole('button', { name: 'Join and sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/no longer works/);
  });
});
