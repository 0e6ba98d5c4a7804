import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseMail } from '../../server/test/channels/mime.ts';
import { startSmtpSink, type SmtpSink } from '../../server/test/channels/servers.ts';
import { type AppSession, openApp, type RunningServer, screenshot } from './harness.ts';

/**
 * Issue 15 parts 1, 2 and 4 in a real browser on the real server: an email goes to a real SMTP sink, chromium
 * opens it (the pixel is fetched from the server) and clicks its link (through the server's redirect), and the
 * canvas, the node's panel and the contact's timeline show it; the suppression list is edited in Settings.
 */

let server: RunningServer;
let page: Page;
let pageErrors: string[];
let app: AppSession;
let sink: SmtpSink;

const OFFER_URL = 'https://shop.example.test/offer?from=email';
const at = (y: number) => ({ x: 0, y });
const offer = {
  schemaVersion: 1,
  id: 'offer',
  name: 'Offer',
  templates: [{ id: 'offer', channel: 'email', name: 'Offer', subject: 'Our offer', html: `<p>Hello</p><p><a href="${OFFER_URL}">See the offer</a></p>` }],
  nodes: [
    { id: 'start', type: 'entry.api', config: {}, position: at(0) },
    { id: 'mail', type: 'action.email', label: 'Offer email', config: { template: 'offer' }, position: at(200) },
    { id: 'done', type: 'flow.exit', config: {}, position: at(400) },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'mail' },
    { id: 'e2', source: 'mail', sourceHandle: 'next', target: 'done' },
  ],
};

/** A scenario that measures less: no tracking on its email, an SMS, and no feedback provider on the server. */
const untracked = {
  schemaVersion: 1,
  id: 'untracked',
  name: 'Untracked',
  settings: { tracking: false },
  templates: [
    { id: 'note', channel: 'email', name: 'Note', subject: 'A note', html: '<p>Hello</p>' },
    { id: 'text', channel: 'sms', name: 'Text', text: 'Hello' },
  ],
  nodes: [
    { id: 'start', type: 'entry.api', config: {}, position: at(0) },
    { id: 'note', type: 'action.email', label: 'Untracked email', config: { template: 'note' }, position: at(200) },
    { id: 'text', type: 'action.sms', label: 'Text message', config: { template: 'text' }, position: at(400) },
    { id: 'done', type: 'flow.exit', config: {}, position: at(600) },
  ],
  edges: [
    { id: 'e1', source: 'start', sourceHandle: 'next', target: 'note' },
    { id: 'e2', source: 'note', sourceHandle: 'next', target: 'text' },
    { id: 'e3', source: 'text', sourceHandle: 'next', target: 'done' },
  ],
};

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await openApp({
    signIn: true,
    viewport: { width: 1440, height: 900 },
    env: (url) => ({
      PARCOURS_SMTP_HOST: '127.0.0.1',
      PARCOURS_SMTP_PORT: String(sink.port),
      PARCOURS_FROM: 'Parcours <news@parcours.test>',
      PARCOURS_PUBLIC_URL: url,
      PARCOURS_UNSUBSCRIBE_SECRET: 'browser-test-secret-0123456789abcdef',
      // The clock moves only when told: the click comes well after the send, never inside the scanner window.
      PARCOURS_CLOCK: 'manual',
    }),
    seed: async (s) => {
      expect((await s.api('POST', '/scenarios', offer)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/offer/publish')).status).toBe(201);
      expect((await s.api('POST', '/scenarios', untracked)).status).toBe(201);
      expect((await s.api('POST', '/scenarios/untracked/publish')).status).toBe(201);
      expect((await s.api('PUT', '/contacts/ada', { attributes: { email: 'ada@example.com', phone: '+33612345678' }, consents: { email: true, sms: true } })).status).toBe(200);
      expect((await s.api('POST', '/scenarios/offer/enrol', { contactId: 'ada' })).status).toBe(200);
      expect((await s.api('POST', '/scenarios/untracked/enrol', { contactId: 'ada' })).status).toBe(200);
      for (let i = 0; sink.mails.length < 2; i++) {
        if (i > 100) throw new Error('the email did not reach the SMTP sink');
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await s.api('POST', '/clock', { advance: '1h' })).status).toBe(200);
    },
  });
  ({ server, page, pageErrors } = app);
}, 180_000);

afterAll(async () => {
  await app?.close();
  await sink?.close();
});

describe('email engagement', () => {
  it('chromium opens the email from the SMTP sink (pixel) and clicks its link through the server to the offer', async () => {
    const html = sink.mails.map((mail) => parseMail(mail.raw).parts.get('text/html')!).find((part) => part.includes('See the offer'))!;
    expect(html).toContain(`${server.url}/t/o/`);
    const pixelFetched = page.waitForResponse((r) => r.url().startsWith(`${server.url}/t/o/`) && r.status() === 200);
    // The shop is not on this machine: chromium is answered in its place, after the server's redirect.
    await page.route('https://shop.example.test/**', (route) => route.fulfill({ contentType: 'text/html', body: '<h1>The offer</h1>' }));
    await page.setContent(html);
    await pixelFetched;
    await page.getByRole('link', { name: 'See the offer' }).click();
    await page.waitForURL(OFFER_URL);
    expect(await page.getByRole('heading').textContent()).toBe('The offer');
  });

  it('shows opened and clicked with their rates on the message node and in its panel', async () => {
    await page.goto(`${server.url}/#/scenarios/offer`);
    const toggle = page.getByRole('checkbox', { name: /Live counts/ });
    await toggle.waitFor();
    if (!(await toggle.isChecked())) await toggle.check();
    const mail = page.getByTestId('node-mail');
    await expect.poll(() => mail.getByTestId('figure-opened').textContent()).toBe('1 opened (100%)');
    expect(await mail.getByTestId('figure-clicked').textContent()).toBe('1 clicked (100%)');
    // Figures still at zero stay off the node (the panel lists them all).
    expect(await mail.getByTestId('figure-bounced').count()).toBe(0);
    expect(await mail.getByTestId('figure-delivered').count()).toBe(0);
    await mail.click();
    await expect.poll(() => page.getByTestId('panel-figure-clicked').textContent()).toBe('Clicked1 (100%)');
    expect(await page.getByTestId('panel-figure-opened').textContent()).toBe('Opened1 (100%)');
    await screenshot(page, 'engagement-figures');
  });

  it('shows no figure that nothing measures: opens and clicks of an untracked email or an SMS, receipts without a feedback provider', async () => {
    await page.goto(`${server.url}/#/scenarios/untracked`);
    const toggle = page.getByRole('checkbox', { name: /Live counts/ });
    await toggle.waitFor();
    if (!(await toggle.isChecked())) await toggle.check();
    const note = page.getByTestId('node-note');
    const text = page.getByTestId('node-text');
    await expect.poll(() => text.getByTestId('count-sent').textContent()).toBe('1 sent');
    expect(await note.getByTestId('count-sent').textContent()).toBe('1 sent');
    for (const node of [note, text]) for (const metric of ['opened', 'clicked', 'delivered']) expect(await node.getByTestId(`figure-${metric}`).count()).toBe(0);
    await note.click();
    await page.getByTestId('panel-figure-bounced').waitFor();
    const emailRows = await page.locator('[data-testid^="panel-figure-"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-testid')));
    expect(emailRows).toEqual(['panel-figure-bounced', 'panel-figure-unsubscribed']);
    await text.click();
    await expect.poll(() => page.getByRole('table', { name: /counts/i }).textContent()).toContain('Sent');
    expect(await page.locator('[data-testid^="panel-figure-"]').count()).toBe(0);
  });

  it("shows the open and the click, with its link, in the contact's timeline", async () => {
    await page.goto(`${server.url}/#/contacts/ada`);
    const timeline = page.locator('ol.timeline');
    await expect.poll(() => timeline.textContent()).toContain(`email_clicked · ${OFFER_URL}`);
    expect(await timeline.textContent()).toContain('email_opened');
    await screenshot(page, 'engagement-timeline');
  });

  it('adds an address to the suppression list by hand, finds it by search, and removes it after confirming', async () => {
    await page.goto(`${server.url}/#/settings`);
    const section = page.locator('section', { has: page.getByRole('heading', { name: 'Suppression list' }) });
    await section.getByLabel('Suppress an address').fill('Zoe@Example.com');
    await section.getByRole('button', { name: 'Suppress' }).click();
    const rows = section.getByTestId('suppression');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('zoe@example.com');
    expect(await rows.first().textContent()).toContain('Added by hand');
    await section.getByLabel('Search suppressed addresses').fill('nobody');
    await expect.poll(() => rows.count()).toBe(0);
    await section.getByLabel('Search suppressed addresses').fill('zoe');
    await expect.poll(() => rows.count()).toBe(1);
    page.once('dialog', (dialog) => void dialog.accept());
    await rows.first().getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => rows.count()).toBe(0);
    expect((await server.api<{ total: number }>('GET', '/suppressions')).body.total).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
