/**
 * Canvas performance on a large journey: opens a generated 300-node scenario in chromium (the built app served by
 * the real server) and prints time to first render and the cost of a frame while panning and dragging a node.
 * Baseline measured in the same run: the same figures for a 3-node scenario, and idle frames.
 *
 * What a frame costs, not how often the display refreshes. At a 60 Hz vsync a requestAnimationFrame interval is at
 * least 16.7 ms even on an idle page, so it cannot say whether a frame fits in 16 ms. So:
 * - the browser runs with `--disable-frame-rate-limit --disable-gpu-vsync`: the next frame starts as soon as the
 *   previous one is done. A 1-pixel marker moved by a compositor animation keeps every frame drawn (with nothing to
 *   draw chromium falls back to a 60 Hz beat) and costs the main thread nothing. Idle frames show the floor (under
 *   1 ms, proof the cap is gone);
 * - times are taken with performance.now() when things run (a requestAnimationFrame timestamp is the frame's
 *   scheduled time and stays on a 16.7 ms grid even here). A frame starts with its first pointer move, which
 *   chromium dispatches at the start of the frame, before the animation callbacks (or with those callbacks when
 *   it has no move); it costs the time until the next frame starts: input handling, React, style, layout, paint,
 *   and any wait for raster and draw of the previous frame. While panning or dragging only the frames that handled
 *   a pointer move count.
 * A second, traced pass of the pan and the drag splits the renderer's main-thread time per move into script, style
 * and layout, paint and compositing (tracing slows the page: its figures are larger than the frame costs above).
 * Run: pnpm bench:web   (BENCH_NODES=500 for another size)
 */
import { rmSync } from 'node:fs';
import type { CDPSession, Page } from 'playwright-core';
import { buildWeb, launchBrowser, signInAs, startServer } from '../browser/harness.ts';
import { generateScenario } from './generated-scenario.ts';

const SIZE = Number(process.env.BENCH_NODES ?? 300);
const MOVES = 120;
const BUDGET_MS = 16;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const fmt = (xs: number[]) =>
  `median ${percentile(xs, 50).toFixed(1)} ms, p95 ${percentile(xs, 95).toFixed(1)} ms, over ${BUDGET_MS} ms: ${xs.filter((x) => x > BUDGET_MS).length}/${xs.length}`;

// Strings, not functions: tsx would wrap named inner functions with a helper the page does not have.
const START_RECORDING = `(() => {
  if (!document.getElementById('bench-marker')) {
    const marker = document.createElement('div');
    marker.id = 'bench-marker';
    marker.innerHTML = '<style>@keyframes bench-marker { to { transform: translateX(1px) } }</style>';
    marker.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;background:#fff;pointer-events:none;animation:bench-marker 1s linear infinite';
    document.body.append(marker);
    addEventListener('pointermove', () => window.__moves?.push(performance.now()), true);
  }
  window.__frames = [];
  window.__moves = [];
  window.__recording = true;
  const tick = () => {
    window.__frames.push(performance.now());
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = `(() => {
  window.__recording = false;
  return { frames: window.__frames, moves: window.__moves };
})()`;

/**
 * Frame costs while `action` runs: every frame's, or only those of the frames that handled a pointer move. Times are
 * the page's clock when things happen (a requestAnimationFrame timestamp is the frame's scheduled time, not when it
 * ran). A frame starts with its first pointer move, which chromium dispatches at the start of the frame just before
 * the animation callbacks, or else with those callbacks; it costs the time until the next frame starts.
 */
async function frames(page: Page, action: () => Promise<void>, only: 'all' | 'moves' = 'moves'): Promise<number[]> {
  await page.evaluate(START_RECORDING);
  await action();
  const { frames: callbacks, moves } = await page.evaluate<{ frames: number[]; moves: number[] }>(STOP_RECORDING);
  const movesOf = (k: number) => moves.filter((m) => m > callbacks[k - 1] && m <= callbacks[k]);
  const startOf = (k: number) => movesOf(k)[0] ?? callbacks[k];
  const costs: number[] = [];
  for (let k = 1; k + 1 < callbacks.length; k++) {
    if (only === 'all' || movesOf(k).length > 0) costs.push(startOf(k + 1) - startOf(k));
  }
  return costs;
}

/** A point of the canvas with no node, edge or control on it, to pan from. */
async function emptySpot(page: Page) {
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;
  for (let y = pane.y + pane.height - 30; y > pane.y; y -= 20) {
    for (let x = pane.x + pane.width / 2; x < pane.x + pane.width - 200; x += 20) {
      if (await page.evaluate(([px, py]) => document.elementFromPoint(px, py)?.classList.contains('react-flow__pane'), [x, y])) return { x, y };
    }
  }
  throw new Error('no empty spot on the canvas to pan from');
}

const viewportTransform = (page: Page) => page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

async function pan(page: Page) {
  const at = await emptySpot(page);
  const before = await viewportTransform(page);
  await page.mouse.move(at.x, at.y);
  await page.mouse.down();
  for (let i = 0; i < MOVES; i++) await page.mouse.move(at.x - (i % 30) * 8, at.y - (i % 30) * 4);
  await page.mouse.up();
  if ((await viewportTransform(page)) === before) throw new Error('panning did not move the canvas');
}

/** Drags the node at the middle of the journey (edges both in and out) around, and drops it where it started. */
async function drag(page: Page, nodeId: string) {
  const node = page.getByTestId(`node-${nodeId}`);
  const box = (await node.boundingBox())!;
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  let moved = false;
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= MOVES; i++) {
    await page.mouse.move(from.x + (i % 40) * 3, from.y + (i % 20) * 3);
    if (i === MOVES / 2) moved = (await node.boundingBox())!.x !== box.x;
  }
  await page.mouse.move(from.x, from.y);
  await page.mouse.up();
  if (!moved) throw new Error(`dragging did not move node ${nodeId}`);
}

async function open(page: Page, url: string, id: string) {
  const t0 = Date.now();
  await page.goto(`${url}/#/scenarios/${id}`);
  await page.reload();
  await page.locator('.react-flow__node').first().waitFor({ timeout: 60_000 });
  const firstRender = Date.now() - t0;
  await page.waitForTimeout(500);
  return firstRender;
}

async function measure(page: Page, url: string, id: string, middle: string) {
  const firstRender = await open(page, url, id);
  const idle = await frames(page, () => page.waitForTimeout(1000), 'all');
  const panning = await frames(page, () => pan(page));
  const dragging = await frames(page, () => drag(page, middle));
  const rendered = await page.locator('.react-flow__node').count();
  return { firstRender, idle, panning, dragging, rendered };
}

type TraceEvent = { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } };

/** Main-thread trace event names by what they do; time is counted where it is spent (nested events excluded). */
const PHASES: Record<string, string> = {
  FunctionCall: 'script',
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  TimerFire: 'script',
  'V8.GC_SCAVENGER': 'script',
  MajorGC: 'script',
  MinorGC: 'script',
  UpdateLayoutTree: 'style and layout',
  Layout: 'style and layout',
  HitTest: 'style and layout',
  PrePaint: 'paint and compositing',
  Paint: 'paint and compositing',
  Layerize: 'paint and compositing',
  Commit: 'paint and compositing',
  UpdateLayer: 'paint and compositing',
};

/** Main-thread time per pointer move of a traced pan or drag, by phase, from a devtools.timeline trace. */
async function profile(cdp: CDPSession, action: () => Promise<void>, moves: number) {
  const events: TraceEvent[] = [];
  const collect = (e: { value: object[] }) => events.push(...(e.value as unknown as TraceEvent[]));
  cdp.on('Tracing.dataCollected', collect);
  const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8'] } });
  await action();
  await cdp.send('Tracing.end');
  await complete;
  cdp.off('Tracing.dataCollected', collect);
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const slices = events.filter((e) => e.pid === main?.pid && e.tid === main?.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: TraceEvent[] = [];
  let busy = 0;
  for (const e of slices) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - Math.min(e.dur!, parent.ts + parent.dur! - e.ts));
    else busy += e.dur!;
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push(e);
  }
  const phases = new Map<string, number>();
  for (const [name, us] of self) {
    const phase = PHASES[name] ?? (name.startsWith('V8.GC') ? 'script' : 'other');
    phases.set(phase, (phases.get(phase) ?? 0) + us);
  }
  const perMove = (us: number) => `${(us / 1000 / moves).toFixed(1)} ms`;
  return `${perMove(busy)} (${['script', 'style and layout', 'paint and compositing', 'other'].map((p) => `${p} ${perMove(phases.get(p) ?? 0)}`).join(', ')})`;
}

const dist = await buildWeb();
const server = await startServer(dist);
const browser = await launchBrowser({ width: 1280, height: 800 }, { args: ['--disable-frame-rate-limit', '--disable-gpu-vsync'] });
try {
  const small = generateScenario(3);
  const large = generateScenario(SIZE);
  for (const s of [small, large]) {
    const res = await server.api('POST', '/scenarios', s);
    if (res.status !== 201) throw new Error(`could not create ${s.id}: ${JSON.stringify(res.body)}`);
  }
  const middle = (s: typeof small) => s.nodes[Math.floor(s.nodes.length / 2)].id;
  const { page } = browser;
  await signInAs(page, server);
  // Warm-up: the first load pays for parsing the bundle.
  await measure(page, server.url, small.id, middle(small));
  const base = await measure(page, server.url, small.id, middle(small));
  const big = await measure(page, server.url, large.id, middle(large));
  const cdp = await browser.context.newCDPSession(page);
  const traced = async (s: typeof small) => {
    await open(page, server.url, s.id);
    const panning = await profile(cdp, () => pan(page), MOVES);
    const dragging = await profile(cdp, () => drag(page, middle(s)), MOVES + 1);
    return { panning, dragging };
  };
  const tracedBase = await traced(small);
  const tracedBig = await traced(large);

  console.log(`web canvas benchmark (chromium headless, 1280×800, no GPU, frame rate uncapped; ${SIZE} nodes at the zoom the editor opens with)`);
  console.log(`frame cost: from a frame's start to the next one's; target p95 under ${BUDGET_MS} ms`);
  for (const [name, r, t] of [['baseline 3 nodes', base, tracedBase], [`${SIZE} nodes`, big, tracedBig]] as const) {
    console.log(`\n${name}: first render ${r.firstRender} ms (${r.rendered} nodes in the DOM)`);
    console.log(`  idle frames     ${fmt(r.idle)}`);
    console.log(`  panning         ${fmt(r.panning)}`);
    console.log(`  dragging a node ${fmt(r.dragging)}`);
    console.log(`  traced pan, main thread per move:  ${t.panning}`);
    console.log(`  traced drag, main thread per move: ${t.dragging}`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(dist, { recursive: true, force: true });
}
