import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, openDatabase } from '../src/index.ts';

/** GET /sdk.js: the built snippet, readable and embeddable by any site, cached and revalidated. */
describe('/sdk.js', () => {
  let dir: string;
  let close: () => void;
  const appWith = (sdkFile: string) => {
    const db = openDatabase(join(dir, 'test.sqlite'));
    close = () => db.$client.close();
    return createApp({ db, sdkFile });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-snippet-'));
  });
  afterEach(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the built file as JavaScript that another origin may load as a module, with an ETag', async () => {
    const file = join(dir, 'sdk.js');
    writeFileSync(file, 'export const built = true;\n');
    const app = appWith(file);
    const response = await app.request('/sdk.js', { headers: { origin: 'https://shop.example.com' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('export const built = true;\n');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');

    const again = await app.request('/sdk.js', { headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    // Other answers keep the server's own policy: only the snippet is for other sites.
    expect((await app.request('/api/health')).headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });

  it('says how to build the snippet when the file is missing', async () => {
    const response = await appWith(join(dir, 'missing.js')).request('/sdk.js');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('build:sdk');
  });
});
