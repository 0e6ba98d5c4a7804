import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer, stopServer, type ServerProcess } from './support/server-process.ts';

/**
 * Unsubscribe links point to where the server really is: PARCOURS_PUBLIC_URL when set, otherwise the address it
 * listens on, known only once it listens (here on port 0, a port the system picks), never a fixed localhost:3000.
 */

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const KEY = 'pk_test_unsubscribe_links_0123456789';
const hello = {
  schemaVersion: 1,
  id: 'hello',
  name: 'Hello',
  templates: [{ id: 'hi', channel: 'email', subject: 'Hi', html: '<p>Hi {{ contact.firstName }}</p>' }],
  nodes: [
    { id: 'go', type: 'entry.api', config: {}, position: { x: 0, y: 0 } },
    { id: 'mail', type: 'action.email', config: { template: 'hi', onCap: 'skip', once: false }, position: { x: 0, y: 200 } },
    { id: 'done', type: 'flow.exit', config: {}, position: { x: 0, y: 400 } },
  ],
  edges: [
    { id: 'a', source: 'go', sourceHandle: 'next', target: 'mail' },
    { id: 'b', source: 'mail', sourceHandle: 'next', target: 'done' },
  ],
};

function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-links-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scenarios'));
  return startServer({ PARCOURS_DB: join(dir, 'db.sqlite'), PARCOURS_PORT: '0', PARCOURS_HOST: '127.0.0.1', PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: join(dir, 'scenarios'), ...env });
}

/** Sends the scenario's email to one contact and returns the sandboxed message's HTML. */
async function sentHtml(base: string): Promise<string> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    return res.json();
  };
  await call('POST', '/scenarios', hello);
  await call('POST', '/scenarios/hello/publish');
  await call('PUT', '/contacts/ada', { attributes: { email: 'ada@example.test', firstName: 'Ada' }, consents: { email: true } });
  await call('POST', '/scenarios/hello/enrol', { contactId: 'ada' });
  let html: string | undefined;
  await expect
    .poll(async () => {
      const { items } = await call('GET', '/messages?contactId=ada');
      html = items[0]?.status === 'sandboxed' ? items[0].rendered?.html : undefined;
      return html;
    }, { timeout: 10_000 })
    .toBeDefined();
  return html!;
}

describe('unsubscribe links', () => {
  it('use the address the server listens on when no public URL is set, port 0 resolved', async () => {
    const server = await start();
    try {
      expect(server.base).not.toMatch(/:0$/);
      const html = await sentHtml(server.base);
      expect(html).toContain(`href="${server.base}/u/`);
      expect(html).not.toContain('localhost:3000');
      // The link works: it opens the unsubscribe page of this very server.
      const link = html.match(/href="([^"]+\/u\/[^"]+)"/)![1];
      expect((await fetch(link)).status).toBe(200);
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);

  it('use PARCOURS_PUBLIC_URL when it is set', async () => {
    const server = await start({ PARCOURS_PUBLIC_URL: 'https://news.example.test' });
    try {
      expect(await sentHtml(server.base)).toContain('href="https://news.example.test/u/');
    } finally {
      await stopServer(server.child);
    }
  }, 60_000);
});
