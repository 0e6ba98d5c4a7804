import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@parcours/server';
import { startGatedHttpServer, until, type GatedHttpServer } from '../server/test/channels/servers.ts';
import { callServer, serverDir, startServer, stopServer, type ServerProcess } from './support/server-process.ts';

/**
 * At least once, on the real server binary: a message whose request is on its way when the process is killed
 * (SIGKILL) is still a pending row, and the next process sends it, once.
 */
const KEY = 'pk_delivery_crash_admin_key';
const { dir, noExamples } = serverDir('parcours-delivery-crash-');
const dbFile = join(dir, 'parcours.sqlite');

const hook = (url: string) => ({
  schemaVersion: 1,
  id: 'hook',
  name: 'Hook',
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'go' } },
    { id: 'call', type: 'action.webhook', config: { url, method: 'POST' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'done' },
  ],
});

const start = () =>
  startServer({
    PARCOURS_DB: dbFile,
    PARCOURS_ADMIN_KEY: KEY,
    PARCOURS_SCENARIOS: noExamples,
    PARCOURS_CLOCK: 'manual',
    PARCOURS_CLOCK_START: '2026-01-05T08:00:00Z',
    PARCOURS_TICK_MS: '20',
    PARCOURS_WEBHOOKS: 'live',
    PARCOURS_HTTP_ALLOW: '127.0.0.1',
  });
const call = (server: ServerProcess, method: string, path: string, body?: unknown) => callServer(server.base, KEY, method, path, body);

/** The outbox rows as the database file holds them, read from outside the server. */
function rows(): Array<{ contact_id: string; status: string; attempts: number }> {
  const db = openDatabase(dbFile);
  try {
    return db.$client.prepare('select contact_id, status, attempts from messages order by id').all() as Array<{ contact_id: string; status: string; attempts: number }>;
  } finally {
    db.$client.close();
  }
}

let endpoint: GatedHttpServer | undefined;
let running: ServerProcess | undefined;
afterEach(async () => {
  if (running) await stopServer(running.child);
  await endpoint?.close();
});

describe('a process killed while a message is on its way', () => {
  it('leaves the message pending, and the next process delivers it once', async () => {
    endpoint = await startGatedHttpServer();
    const first = await start();
    running = first;
    expect((await call(first, 'POST', '/scenarios/import', hook(`${endpoint.url}/in`))).status).toBeLessThan(300);
    expect((await call(first, 'POST', '/scenarios/hook/publish')).status).toBe(201);
    expect((await call(first, 'POST', '/track', { userId: 'ana', event: 'go' })).status).toBeLessThan(300);

    // The request arrived and is held: the process dies before it hears back.
    await until(() => endpoint!.open === 1);
    await stopServer(first.child, 'SIGKILL');
    running = undefined;
    expect(rows()).toEqual([{ contact_id: 'ana', status: 'pending', attempts: 0 }]);

    endpoint.openUp();
    const second = await start();
    running = second;
    await until(() => rows()[0].status === 'sent');
    // A later message goes out after it, in id order: had Ana's row still been pending, it would have gone again first.
    expect((await call(second, 'POST', '/track', { userId: 'bob', event: 'go' })).status).toBeLessThan(300);
    await until(() => rows().length === 2 && rows()[1].status === 'sent');

    expect(rows()).toEqual([
      { contact_id: 'ana', status: 'sent', attempts: 1 },
      { contact_id: 'bob', status: 'sent', attempts: 1 },
    ]);
    const keys = endpoint.requests.map((request) => request.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    // Ana's message reached the endpoint twice (before the crash and after), with the same key to drop the repeat.
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});
