import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerType } from '@hono/node-server';
import { createApp } from '../src/app.ts';
import { listen } from '../src/listen.ts';
import { ADMIN_KEY, harness, type Harness } from './helpers.ts';

/** The request body limit over real HTTP, declared (content-length) or streamed (chunked). */
const LIMIT = 2_000;
let h: Harness;
let server: ServerType;
let base: string;

beforeAll(async () => {
  h = harness();
  const app = createApp({ db: h.db, clock: h.clock, runtime: h.runtime, maxBodyBytes: LIMIT });
  const listening = await listen(app.fetch, 0, '127.0.0.1');
  server = listening.server;
  base = `http://127.0.0.1:${listening.port}/api`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.close();
});

const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };
const track = (padding: number) => JSON.stringify({ userId: 'u1', event: 'sized', properties: { padding: 'x'.repeat(padding) } });
/** The body sent in two chunks with no content-length (transfer-encoding: chunked). */
function chunked(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  const half = Math.floor(bytes.length / 2);
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.slice(0, half));
      controller.enqueue(bytes.slice(half));
      controller.close();
    },
  });
}
const send = async (body: string | ReadableStream<Uint8Array>) => {
  const res = await fetch(`${base}/track`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
  return { status: res.status, body: await res.json() };
};
const stored = () => (h.db.$client.prepare("select count(*) n from events where name = 'sized'").get() as { n: number }).n;

describe('request body limit', () => {
  it('refuses a declared body over the limit with a 413 and stores nothing', async () => {
    const res = await send(track(LIMIT));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
    expect(stored()).toBe(0);
  });

  it('refuses a chunked body once it passes the limit, and takes one under it', async () => {
    const over = await send(chunked(track(LIMIT)));
    expect(over.status).toBe(413);
    expect(over.body.error.code).toBe('too_large');
    expect(stored()).toBe(0);
    const under = await send(chunked(track(100)));
    expect(under.status).toBe(200);
    expect(stored()).toBe(1);
  });

  it('answers requests without a body', async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const keys = await fetch(`${base}/keys`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(keys.status).toBe(200);
  });
});
