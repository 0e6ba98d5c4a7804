/**
 * `pnpm bench:decide` (not part of the tests): the decision route as a website meets it. Starts the real server
 * binary, lets BENCH_VISITORS visitors (1,000 by default) consent and view a product page through /api/collect, so
 * that a published journey places two items each (one in `hero`, one in `footer`); then drives `POST /api/decide`
 * (both placements, a visitor in turn, as the snippet asks) with autocannon at BENCH_RATE decisions/s (1,000) for
 * BENCH_SECONDS (10), and `GET /api/health` the same way just before: the baseline of the same run (target: decide
 * p99 under 10 ms). The site key's limits are raised to their maximum (100,000 a minute per visitor, 1,000,000 a
 * second per key) so the bench is not throttled. Also prints the snippet's size, raw and gzipped, as served.
 * Ends with one line `RESULT {json}`.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildSdk } from '../../sdk/build.ts';
import { startListening, stopServer } from '../support/server-process.ts';
import { load, type LoadFigures } from './load/http-load.ts';

const VISITORS = Number(process.env.BENCH_VISITORS ?? 1_000);
const RATE = Number(process.env.BENCH_RATE ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = 'pk_bench_decide_admin_key_000000';
const ORIGIN = 'https://shop.example.com';
const CONNECTIONS = 10;

/** A product view places a standing offer in `footer` and a personal one in `hero`. */
const offers = {
  schemaVersion: 1,
  id: 'bench-offers',
  name: 'Bench offers',
  nodes: [
    { id: 'viewed', type: 'entry.event', config: { event: 'page_viewed', where: [{ property: 'category', op: 'eq', value: 'product' }] } },
    { id: 'hero', type: 'action.onsite', config: { placement: 'hero', content: '<p>{{ event.product }}: 10% off for you today</p>', priority: 5, expires: '7d' } },
    { id: 'footer', type: 'action.onsite', config: { placement: 'footer', content: 'Free delivery from 50 €', format: 'text', expires: '7d' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'viewed', sourceHandle: 'next', target: 'hero' },
    { id: 'e2', source: 'hero', sourceHandle: 'next', target: 'footer' },
    { id: 'e3', source: 'footer', sourceHandle: 'next', target: 'done' },
  ],
};

const visitor = (i: number) => `bench-visitor-${i % VISITORS}`;
const ms = (n: number) => Math.round(n * 100) / 100;

async function main() {
  console.log(`Parcours decide benchmark — ${VISITORS} visitors, ${RATE} decisions/s for ${SECONDS} s, node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}`);
  const dir = mkdtempSync(join(tmpdir(), 'parcours-decide-'));
  mkdirSync(join(dir, 'scenarios'));
  await buildSdk(join(dir, 'sdk.js'));
  const server = await startListening(['server/src/main.ts'], {
    PARCOURS_DB: join(dir, 'parcours.sqlite'),
    PARCOURS_ADMIN_KEY: KEY,
    PARCOURS_SCENARIOS: join(dir, 'scenarios'),
    PARCOURS_SDK: join(dir, 'sdk.js'),
  });
  try {
    const api = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${server.base}/api${path}`, { method, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const siteKey = (await api('POST', '/site-keys', { name: 'bench', origins: [ORIGIN], visitorPerMinute: 100_000, keyPerSecond: 1_000_000 })).key as string;
    await api('POST', '/scenarios/import', offers);
    await api('POST', '/scenarios/bench-offers/publish');

    const snippet = Buffer.from(await (await fetch(`${server.base}/sdk.js`)).arrayBuffer());
    const sdk = { raw: snippet.length, gzip: gzipSync(snippet, { level: 9 }).length };
    console.log(`  snippet /sdk.js: ${sdk.raw} bytes, ${sdk.gzip} gzipped`);

    const started = performance.now();
    const collect = async (i: number) => {
      const body = { anonymousId: visitor(i), batch: [{ type: 'consent', personalisation: true }, { type: 'page', url: `${ORIGIN}/p/${i}`, properties: { category: 'product', product: `Lamp ${i}` } }] };
      const response = await fetch(`${server.base}/api/collect?key=${siteKey}`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'text/plain' }, body: JSON.stringify(body) });
      if (!response.ok) throw new Error(`collect: ${response.status} ${await response.text()}`);
    };
    for (let i = 0; i < VISITORS; i += CONNECTIONS) await Promise.all(Array.from({ length: Math.min(CONNECTIONS, VISITORS - i) }, (_, j) => collect(i + j)));
    console.log(`  setup: ${VISITORS} visitors placed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Every visitor must get both items, or the figures would be those of empty answers.
    const check = await fetch(`${server.base}/api/decide?key=${siteKey}`, { method: 'POST', headers: { origin: ORIGIN }, body: JSON.stringify({ anonymousId: visitor(VISITORS - 1), placements: ['hero', 'footer'] }) });
    const decided = ((await check.json()) as { placements: Record<string, unknown> }).placements;
    if (!decided.hero || !decided.footer) throw new Error(`the last visitor has no items: ${JSON.stringify(decided)}`);

    const paced = { connections: CONNECTIONS, duration: SECONDS, overallRate: RATE };
    const health: LoadFigures = await load({ url: `${server.base}/api/health`, ...paced });
    console.log(`  GET /api/health  at ${RATE}/s: p50 ${health.p50} ms, p99 ${health.p99} ms, ${health.perSecond}/s, ${health.failures} failures`);
    const decide: LoadFigures = await load({
      url: `${server.base}/api/decide?key=${siteKey}`,
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'text/plain' },
      body: (i) => ({ anonymousId: visitor(i), placements: ['hero', 'footer'] }),
      ...paced,
    });
    console.log(`  POST /api/decide at ${RATE}/s: p50 ${decide.p50} ms, p99 ${decide.p99} ms, ${decide.perSecond}/s, ${decide.failures} failures (non-2xx or socket errors)`);
    const ratio = decide.p99 / health.p99;
    console.log(`  decide p99 / health p99: ${ratio.toFixed(2)} (target: decide p99 < 10 ms: ${decide.p99 < 10 ? 'met' : 'NOT met'})`);
    const result = {
      visitors: VISITORS,
      rate: RATE,
      seconds: SECONDS,
      decide_p50_ms: ms(decide.p50),
      decide_p99_ms: ms(decide.p99),
      decide_per_s: decide.perSecond,
      decide_failures: decide.failures,
      health_p50_ms: ms(health.p50),
      health_p99_ms: ms(health.p99),
      p99_ratio_to_health: ms(ratio),
      sdk_bytes: sdk.raw,
      sdk_gzip_bytes: sdk.gzip,
    };
    console.log(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await stopServer(server.child);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
