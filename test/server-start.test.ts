import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopServer } from './support/server-process.ts';

/** The server binary as an operator starts it: env configuration, first-start setup link, examples, web app. */
const dir = mkdtempSync(join(tmpdir(), 'parcours-start-'));
const web = join(dir, 'dist');
mkdirSync(join(web, 'assets'), { recursive: true });
writeFileSync(join(web, 'index.html'), '<!doctype html><title>Parcours</title><div id="root"></div>');
writeFileSync(join(web, 'assets', 'app.js'), 'console.log("parcours")');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = () => startServer({ PARCOURS_DB: join(dir, 'db.sqlite'), PARCOURS_PORT: '0', PARCOURS_WEB_DIST: web, PARCOURS_ADMIN_KEY: '' });
const stop = stopServer;

describe('starting the server', () => {
  it('prints a setup link once, loads the examples once, and serves the API and the web app on one port', async () => {
    const first = await start();
    expect(first.output()).not.toMatch(/pk_/);
    const link = first.output().match(/create the first administrator:\s+(\S+)/)?.[1];
    expect(link).toMatch(new RegExp(`^${first.base}/#/setup/`));
    const setup = await fetch(`${first.base}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: link!.split('/').pop(), email: 'admin@example.com', password: 'the first admin passphrase' }),
    });
    expect(setup.status).toBe(201);
    const auth = { cookie: setup.headers.get('set-cookie')!.split(';')[0] };
    const list = await (await fetch(`${first.base}/api/scenarios`, { headers: auth })).json();
    expect(list.items.length).toBeGreaterThanOrEqual(2);
    expect(list.items.find((s: { id: string }) => s.id === 'welcome-series')).toMatchObject({ status: 'live', latestVersion: 1 });
    expect(first.output()).toMatch(/examples: welcome\.json: published welcome-series v1/);

    const page = await fetch(`${first.base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const route = await fetch(`${first.base}/scenarios/welcome-series/edit`);
    expect(await route.text()).toContain('<div id="root">');
    const asset = await fetch(`${first.base}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    const missingApi = await fetch(`${first.base}/api/nothing/here`, { headers: auth });
    expect(missingApi.status).toBe(404);
    expect((await missingApi.json()).error.code).toBe('not_found');
    expect(await stop(first.child)).toBe(0);

    const second = await start();
    expect(second.output()).not.toMatch(/setup/);
    expect(second.output()).not.toMatch(/examples:/);
    const again = await (await fetch(`${second.base}/api/scenarios`, { headers: auth })).json();
    expect(again.items).toHaveLength(list.items.length);
    expect(await stop(second.child)).toBe(0);
  }, 60_000);
});
