/**
 * Canvas performance on a large journey: opens a generated 300-node scenario in chromium (the built app served by
 * the real server) and prints time to first render and frame times while panning and dragging a node.
 * Baseline measured in the same run: the same figures for a 3-node scenario, and idle frames.
 * Run: pnpm bench:web
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { buildWeb, launchBrowser, startServer } from '../browser/harness.ts';

const SIZE = Number(process.env.BENCH_NODES ?? 300);

/** A long journey: a trigger, then delays, emails and conditions in a chain; every "no" goes to one exit. */
function generated(id: string, count: number) {
  const kinds = ['wait.delay', 'action.email', 'branch.condition', 'action.score'] as const;
  const nodes: Record<string, unknown>[] = [{ id: 'n0', type: 'entry.event', config: { event: 'signed_up' }, position: { x: 0, y: 0 } }];
  const edges: Record<string, unknown>[] = [];
  const exit = `n${count - 1}`;
  for (let i = 1; i < count - 1; i++) {
    const type = kinds[i % kinds.length];
    const config =
      type === 'wait.delay' ? { duration: `${i}h` } : type === 'action.email' ? { template: 'news' } : type === 'branch.condition' ? { condition: { attribute: 'score', op: 'gte', value: i } } : { delta: 1 };
    nodes.push({ id: `n${i}`, type, config, position: { x: (i % 12) * 280, y: Math.floor(i / 12) * 170 } });
  }
  nodes.push({ id: exit, type: 'flow.exit', config: {}, position: { x: 0, y: Math.ceil(count / 12) * 170 } });
  for (let i = 0; i < count - 2; i++) {
    const from = nodes[i];
    const out = from.type === 'branch.condition' ? 'yes' : 'next';
    edges.push({ id: `e${i}`, source: `n${i}`, sourceHandle: out, target: `n${i + 1}` });
    if (from.type === 'branch.condition') edges.push({ id: `x${i}`, source: `n${i}`, sourceHandle: 'no', target: exit });
  }
  edges.push({ id: 'last', source: `n${count - 2}`, sourceHandle: nodes[count - 2].type === 'branch.condition' ? 'yes' : 'next', target: exit });
  if (nodes[count - 2].type === 'branch.condition') edges.push({ id: 'lastno', source: `n${count - 2}`, sourceHandle: 'no', target: exit });
  return {
    schemaVersion: 1,
    id,
    name: `Generated ${count} nodes`,
    templates: [{ id: 'news', channel: 'email', subject: 'News', html: '<p>News</p>' }],
    nodes,
    edges,
  };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (xs: number[]) => `median ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms (${xs.length} frames)`;

/** Records requestAnimationFrame intervals while `action` runs. */
async function frames(page: Page, action: () => Promise<void>): Promise<number[]> {
  // A string, not a function: tsx would wrap named inner functions with a helper the page does not have.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__recording = true;
    let last = performance.now();
    const tick = (t) => {
      window.__frames.push(t - last);
      last = t;
      if (window.__recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await action();
  return page.evaluate<number[]>(`(() => {
    window.__recording = false;
    return window.__frames.slice(1);
  })()`);
}

async function measure(page: Page, url: string, id: string) {
  const t0 = Date.now();
  await page.goto(`${url}/#/scenarios/${id}`);
  await page.reload();
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
  const firstRender = Date.now() - t0;
  await page.waitForTimeout(500);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  const idle = await frames(page, () => page.waitForTimeout(1000));
  const pan = await frames(page, async () => {
    // Panning: drag the empty background of the canvas back and forth.
    await page.mouse.move(pane.x + 20, pane.y + pane.height - 40);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(pane.x + 20 + (i % 30) * 8, pane.y + pane.height - 40 - (i % 30) * 4);
    await page.mouse.up();
  });
  const node = page.locator('.react-flow__node').first();
  const box = (await node.boundingBox())!;
  const drag = await frames(page, async () => {
    await page.mouse.move(box.x + 40, box.y + 20);
    await page.mouse.down();
    for (let i = 0; i < 60; i++) await page.mouse.move(box.x + 40 + i * 3, box.y + 20 + (i % 20) * 3);
    await page.mouse.up();
  });
  const rendered = await page.locator('.react-flow__node').count();
  return { firstRender, idle, pan, drag, rendered };
}

const dist = await buildWeb();
const server = await startServer(dist);
const browser = await launchBrowser({ width: 1280, height: 800 });
try {
  for (const s of [generated('small', 3), generated('large', SIZE)]) {
    const res = await server.api('POST', '/scenarios', s);
    if (res.status !== 201) throw new Error(`could not create ${s.id}: ${JSON.stringify(res.body)}`);
  }
  const { page } = browser;
  await page.goto(server.url);
  await page.evaluate((key) => localStorage.setItem('parcours.apiKey', key), server.key);
  // Warm-up: the first load pays for parsing the bundle.
  await measure(page, server.url, 'small');
  const small = await measure(page, server.url, 'small');
  const large = await measure(page, server.url, 'large');
  console.log(`web canvas benchmark (chromium headless, 1280×800, ${SIZE} nodes)`);
  for (const [name, r] of [['baseline 3 nodes', small], [`${SIZE} nodes`, large]] as const) {
    console.log(`\n${name}: first render ${r.firstRender} ms (${r.rendered} nodes in the DOM)`);
    console.log(`  idle frames     ${fmt(r.idle)}`);
    console.log(`  panning         ${fmt(r.pan)}`);
    console.log(`  dragging a node ${fmt(r.drag)}`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dist, { recursive: true, force: true });
}
