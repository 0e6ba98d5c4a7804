/**
 * Delivery benchmark (`pnpm bench:delivery`; not part of the tests). Webhooks to local HTTP endpoints that
 * answer after a set latency, sent by the real dispatcher loop. Prints, each beside a baseline measured in the
 * same run, the same dispatcher with every lane at 1 (one send at a time, as the dispatcher sent before issue 11):
 *  1. messages/s to one endpoint answering in LATENCY ms;
 *  2. how long FAST messages to a quick host take while as many go to a host answering in SLOW ms.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, Runtime, createApiKey, createApp, createChannels, createDeliver, loadChannelConfig, openDatabase, startLoops } from '@parcours/server';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const LATENCY = Number(process.env.BENCH_LATENCY_MS ?? 20);
const FAST = Number(process.env.BENCH_FAST ?? 50);
const SLOW = Number(process.env.BENCH_SLOW_MS ?? 1000);
const KEY = 'pk_bench_delivery_key_000000';
const dir = mkdtempSync(join(tmpdir(), 'parcours-delivery-bench-'));

/** An endpoint answering 200 after `latencyMs`. */
async function endpoint(latencyMs: number): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => res.writeHead(200).end('{}'), latencyMs));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const hooked = (id: string, url: string) => ({
  schemaVersion: 1,
  id,
  name: id,
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: `go_${id}` } },
    { id: 'call', type: 'action.webhook', config: { url, method: 'POST' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'call' },
    { id: 'e2', source: 'call', target: 'done' },
  ],
});

/**
 * A fresh server database with `count` messages pending to each of `targets`, then the dispatcher loop with
 * `env`'s lanes; resolves with the milliseconds until each target's messages were all sent.
 */
async function run(name: string, targets: Array<{ id: string; url: string }>, count: number, env: Record<string, string>): Promise<Record<string, number>> {
  const db = openDatabase(join(dir, `${name}.sqlite`));
  const start = Date.parse('2026-01-05T10:00:00Z');
  const clock = new ManualClock(start);
  createApiKey(db, 'bench', 'admin', start, KEY);
  const runtime = new Runtime(db, clock);
  const app = createApp({ db, clock, runtime });
  const call = (path: string, body?: unknown) =>
    app.request(`/api${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  for (const target of targets) {
    for (const answer of [await call('/scenarios/import', hooked(target.id, target.url)), await call(`/scenarios/${target.id}/publish`)]) {
      if (answer.status >= 300) throw new Error(`${answer.status}: ${await answer.text()}`);
    }
  }
  // Interleaved, so that the baseline's one-at-a-time order mixes the targets as a real outbox would.
  const batch = Array.from({ length: count }, (_, i) => targets.map((t) => ({ type: 'track' as const, userId: `c${i}`, event: `go_${t.id}`, properties: {} }))).flat();
  runtime.batch(batch);
  const queued = (db.$client.prepare("select count(*) n from messages where status = 'pending'").get() as { n: number }).n;
  if (queued !== count * targets.length) throw new Error(`${queued} messages pending, expected ${count * targets.length}`);

  const config = loadChannelConfig({ PARCOURS_WEBHOOKS: 'live', PARCOURS_HTTP_ALLOW: '127.0.0.1', ...env });
  const deliver = createDeliver({ db, channels: createChannels(config), versions: runtime.versions });
  const left = db.$client.prepare("select count(*) n from messages where scenario_id = ? and status = 'pending'");
  const began = performance.now();
  const stop = startLoops({ runtime, deliver, delivery: config.delivery, tickMs: 5, batchSize: 500, timeMovesByItself: false });
  const done: Record<string, number> = {};
  while (Object.keys(done).length < targets.length) {
    for (const t of targets) if (done[t.id] === undefined && (left.get(t.id) as { n: number }).n === 0) done[t.id] = performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await stop();
  db.$client.close();
  return done;
}

const ONE_LANE = { PARCOURS_DELIVERY_CONCURRENCY: 'email:1,sms:1,push:1,webhook:1,task:1', PARCOURS_DELIVERY_PER_HOST: '1' };
const row = (label: string, value: string) => console.log(`  ${label.padEnd(58)} ${value}`);

const quick = await endpoint(LATENCY);
const baseline = (await run('throughput-1', [{ id: 'one', url: quick.url }], MESSAGES, ONE_LANE)).one;
const lanes = (await run('throughput-n', [{ id: 'one', url: quick.url }], MESSAGES, {})).one;
console.log(`1. ${MESSAGES} webhooks to one host answering in ${LATENCY} ms`);
row('one send at a time (baseline)', `${Math.round((MESSAGES / baseline) * 1000)} messages/s`);
row('default lanes (4 per host)', `${Math.round((MESSAGES / lanes) * 1000)} messages/s (×${(baseline / lanes).toFixed(1)})`);
const wide = (await run('throughput-16', [{ id: 'one', url: quick.url }], MESSAGES, { PARCOURS_DELIVERY_PER_HOST: '16' })).one;
row('PARCOURS_DELIVERY_PER_HOST=16', `${Math.round((MESSAGES / wide) * 1000)} messages/s (×${(baseline / wide).toFixed(1)})`);

const slow = await endpoint(SLOW);
const targets = [
  { id: 'slow', url: slow.url },
  { id: 'fast', url: quick.url },
];
const before = await run('isolation-1', targets, FAST, ONE_LANE);
const after = await run('isolation-n', targets, FAST, {});
console.log(`2. ${FAST} webhooks to a host answering in ${LATENCY} ms, ${FAST} others to a host answering in ${SLOW} ms`);
row('one send at a time (baseline): quick host done after', `${Math.round(before.fast)} ms (slow host ${Math.round(before.slow)} ms)`);
row('default lanes: quick host done after', `${Math.round(after.fast)} ms (slow host ${Math.round(after.slow)} ms)`);

quick.close();
slow.close();
rmSync(dir, { recursive: true, force: true });
