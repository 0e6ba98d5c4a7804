import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSdk } from '../../sdk/build.ts';
import { freePort } from '../support/free-port.ts';
import { launchBrowser, startServer, type Browser, type RunningServer } from './harness.ts';

/**
 * The browser snippet end to end: a shop's page, served here on 127.0.0.1 (its own origin), loads the BUILT
 * /sdk.js from the real Parcours server and talks to it with a site key, in chromium.
 */

type Sdk = typeof import('../../sdk/src/index.ts');
interface ShopWindow {
  parcours: Sdk;
  rendered: ReturnType<Sdk['render']>;
}

/** A shop's product page: three placements, the snippet without consent, a page view and a render at load. */
const productPage = (parcoursUrl: string, siteKey: string) => `<!doctype html>
<html><head><title>Lamp XL</title></head><body>
<div data-parcours-placement="hero"><p>Welcome to the shop</p></div>
<div data-parcours-placement="footer">Thanks for visiting</div>
<div data-parcours-placement="recs">No suggestion</div>
<script type="module">
  import * as parcours from '${parcoursUrl}/sdk.js';
  parcours.init({ siteKey: '${siteKey}' });
  parcours.page({ category: 'product', product: 'Lamp <XL>' });
  window.parcours = parcours;
  window.rendered = parcours.render();
</script>
</body></html>`;

/** A tiny site on its own port (so its own origin): every path answers the product page. */
async function shop(page: () => string): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer((_, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page()));
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

/**
 * A product view places an offer in `hero` (HTML with the product's name), a text in `footer` and a suggestion as
 * JSON in `recs`, and scores 10; a click on the offer, 5 more.
 */
const offerJourney = {
  schemaVersion: 1,
  id: 'lamp-offer',
  name: 'Lamp offer',
  nodes: [
    { id: 'viewed', type: 'entry.event', config: { event: 'page_viewed', where: [{ property: 'category', op: 'eq', value: 'product' }] } },
    { id: 'offer', type: 'action.onsite', config: { placement: 'hero', content: '<a id="offer" href="#offer">{{ event.product }}: 10% off today</a>', expires: '1d' } },
    { id: 'delivery', type: 'action.onsite', config: { placement: 'footer', format: 'text', content: '<b>Free delivery</b> from 50 €', expires: '1d' } },
    { id: 'suggestion', type: 'action.onsite', config: { placement: 'recs', format: 'json', content: '{"title": "Goes with {{ event.product }}", "sku": "shade-1"}', expires: '1d' } },
    { id: 'interested', type: 'action.score', config: { delta: 10 } },
    { id: 'clicked', type: 'wait.event', config: { event: 'onsite_clicked', timeout: '1d' } },
    { id: 'keen', type: 'action.score', config: { delta: 5 } },
    { id: 'won', type: 'flow.goal', config: {} },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'viewed', sourceHandle: 'next', target: 'offer' },
    { id: 'e2', source: 'offer', sourceHandle: 'next', target: 'delivery' },
    { id: 'e2b', source: 'delivery', sourceHandle: 'next', target: 'suggestion' },
    { id: 'e2c', source: 'suggestion', sourceHandle: 'next', target: 'interested' },
    { id: 'e3', source: 'interested', sourceHandle: 'next', target: 'clicked' },
    { id: 'e4', source: 'clicked', sourceHandle: 'happened', target: 'keen' },
    { id: 'e5', source: 'keen', sourceHandle: 'next', target: 'won' },
    { id: 'e6', source: 'clicked', sourceHandle: 'timedOut', target: 'done' },
  ],
};

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let siteKey = '';
let allowed: Awaited<ReturnType<typeof shop>>;
let elsewhere: Awaited<ReturnType<typeof shop>>;
let pageErrors: string[];
/** What the page asked of the Parcours server, past /sdk.js itself. */
let calls: Request[];

const sdk = <T>(run: (parcours: Sdk, window: ShopWindow) => T | Promise<T>) =>
  page.evaluate(`(${run.toString()})(window.parcours, window)`) as Promise<T>;
const timeline = async (contact: string) =>
  (await server.api<{ items: Array<{ kind: string; event?: string; properties?: Record<string, unknown> }> }>('GET', `/contacts/${encodeURIComponent(contact)}/timeline`)).body.items;
const visitorCookie = async (origin: string) => (await browser.context.cookies(origin)).find((cookie) => cookie.name === 'parcours_id');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parcours-sdk-'));
  await buildSdk(join(dir, 'sdk.js'));
  // No web app needed: the server serves the snippet and its routes.
  server = await startServer(join(dir, 'no-web-app'), () => ({ PARCOURS_SDK: join(dir, 'sdk.js') }));
  allowed = await shop(() => productPage(server.url, siteKey));
  elsewhere = await shop(() => productPage(server.url, siteKey));
  const created = await server.api<{ key: string }>('POST', '/site-keys', { name: 'shop', origins: [allowed.origin] });
  expect(created.status).toBe(201);
  siteKey = created.body.key;
  const imported = await server.api('POST', '/scenarios/import', offerJourney);
  expect(imported.status).toBeLessThan(300);
  expect((await server.api('POST', '/scenarios/lamp-offer/publish')).status).toBeLessThan(300);
  browser = await launchBrowser();
}, 120_000);

beforeEach(async () => {
  // Each test a new visitor (cookies are per host, not per port: both shops share 127.0.0.1's).
  await browser.context.clearCookies();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  pageErrors = [];
  calls = [];
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  page.on('request', (request) => {
    if (request.url().startsWith(server.url) && !request.url().startsWith(`${server.url}/sdk.js`)) calls.push(request);
  });
});

afterAll(async () => {
  await browser?.close();
  await allowed?.close();
  await elsewhere?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the browser snippet on a shop page', () => {
  it('stores and sends nothing before consent; after it, the page views, the offer, its impression and click, and identify follow the contact', async () => {
    await page.goto(`${allowed.origin}/p/lamp?utm_source=newsletter&utm_campaign=spring`);
    expect(await sdk((_, window) => window.rendered)).toEqual({ hero: null, footer: null, recs: null });
    await sdk((parcours) => {
      parcours.track('product_compared', { with: 'Lamp S' });
      return parcours.flush();
    });
    expect(await page.locator('[data-parcours-placement=hero]').textContent()).toBe('Welcome to the shop');
    expect(calls).toEqual([]);
    expect(await browser.context.cookies(allowed.origin)).toEqual([]);

    // The visitor accepts: one batch carries the consent and what waited, in order.
    const sent = page.waitForRequest((request) => request.url().includes('/api/collect'));
    await sdk((parcours) => {
      parcours.consent(true);
      return parcours.flush();
    });
    const batch = JSON.parse((await sent).postData()!);
    const cookie = await visitorCookie(allowed.origin);
    expect(cookie).toMatchObject({ sameSite: 'Lax', secure: false, path: '/' });
    expect(batch.anonymousId).toBe(cookie!.value);
    expect(batch.batch.map((item: { type: string }) => item.type)).toEqual(['consent', 'page', 'track']);
    const visitor = `anon:${cookie!.value}`;
    const viewed = (await timeline(visitor)).find((item) => item.event === 'page_viewed');
    expect(viewed?.properties).toMatchObject({ path: '/p/lamp', title: 'Lamp XL', utm_source: 'newsletter', utm_campaign: 'spring', product: 'Lamp <XL>' });

    // The journey placed the items: HTML shows as the server escaped it, text as text; a JSON item waits for the
    // site's callback. Each counts one impression once shown, however often the page renders.
    const decided = await sdk((parcours) => parcours.render());
    expect(decided.hero).toMatchObject({ format: 'html', placement: 'hero' });
    expect(decided.recs).toMatchObject({ format: 'json', content: { title: 'Goes with Lamp <XL>', sku: 'shade-1' } });
    expect(await page.locator('#offer').textContent()).toBe('Lamp <XL>: 10% off today');
    expect(await page.locator('[data-parcours-placement=footer]').textContent()).toBe('<b>Free delivery</b> from 50 €');
    expect(await page.locator('[data-parcours-placement=recs]').textContent()).toBe('No suggestion');
    await sdk((parcours) => parcours.render({ onJson: (item, element) => (element.textContent = (item.content as { title: string }).title) }));
    expect(await page.locator('[data-parcours-placement=recs]').textContent()).toBe('Goes with Lamp <XL>');
    const clickSent = page.waitForResponse((response) => response.url().includes('/api/collect') && response.request().postData()!.includes('"click"'));
    await page.locator('#offer').click();
    expect((await clickSent).status()).toBe(200);

    await sdk((parcours) => {
      parcours.identify('ada@example.com', { plan: 'pro' });
      return parcours.flush();
    });
    const history = await timeline('ada@example.com');
    const events = history.filter((item) => item.kind === 'event');
    expect(events.map((item) => item.event)).toEqual(['page_viewed', 'product_compared', 'onsite_impression', 'onsite_impression', 'onsite_impression', 'onsite_clicked']);
    expect(events.filter((item) => item.event !== 'page_viewed' && item.event !== 'product_compared').map((item) => item.properties!.placement)).toEqual(['hero', 'footer', 'recs', 'hero']);
    const ada = await server.api<{ attributes: Record<string, unknown> }>('GET', `/contacts/${encodeURIComponent('ada@example.com')}`);
    expect(ada.body.attributes).toMatchObject({ email: 'ada@example.com', plan: 'pro', score: 15 });

    // Withdrawn: the server is told, the cookie goes, and nothing more is asked.
    await sdk((parcours) => {
      parcours.consent(false);
      return parcours.flush();
    });
    expect(await visitorCookie(allowed.origin)).toBeUndefined();
    const consents = await server.api<{ consents: Record<string, boolean> }>('GET', `/contacts/${encodeURIComponent('ada@example.com')}`);
    expect(consents.body.consents.onsite).toBe(false);
    const asked = calls.length;
    expect(await sdk((parcours) => parcours.decide(['hero']))).toEqual({ hero: null });
    expect(calls.length).toBe(asked);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('sends what waits by beacon when the visitor leaves the page', async () => {
    await page.clock.install(); // the batch's timer never fires by itself: only leaving the page sends it
    await page.goto(`${allowed.origin}/p/lamp`);
    await sdk((parcours, window) => {
      parcours.consent(true);
      return window.rendered;
    });
    const visitor = `anon:${(await visitorCookie(allowed.origin))!.value}`;
    await sdk((parcours) => parcours.track('coupon_searched', { code: 'SPRING' }));
    expect(calls.filter((request) => request.url().includes('/api/collect'))).toHaveLength(0); // still waiting
    await page.goto('about:blank');
    await expect.poll(async () => (await timeline(visitor)).map((item) => item.event)).toContain('coupon_searched');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('is refused from an origin that is not on the site key allow-list, without breaking the page', async () => {
    await page.goto(`${elsewhere.origin}/p/lamp`);
    // The browser hides a refused CORS answer from the page (and from the test): the request fails.
    const refused = page.waitForEvent('requestfailed', (request) => request.url().includes('/api/collect'));
    await sdk((parcours) => {
      parcours.consent(true);
      return parcours.flush();
    });
    expect((await refused).failure()?.errorText).toBe('net::ERR_FAILED');
    // What the server answered that origin, asked the same way.
    const answer = await fetch(`${server.url}/api/collect?key=${siteKey}`, { method: 'POST', headers: { origin: elsewhere.origin }, body: JSON.stringify({ anonymousId: 'x', batch: [{ type: 'track', event: 'probe' }] }) });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    const visitor = `anon:${(await visitorCookie(elsewhere.origin))!.value}`;
    expect((await server.api('GET', `/contacts/${encodeURIComponent(visitor)}`)).status).toBe(404);
    expect(await sdk((parcours) => parcours.decide(['hero']))).toEqual({ hero: null });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
