import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface LoadFigures {
  /** 2xx answers per second over the run. */
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and socket errors. */
  failures: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  key?: string;
  connections: number;
  /** Seconds; or `amount` requests in all. */
  duration?: number;
  amount?: number;
  /** Requests per second over all connections (open loop), when given. */
  overallRate?: number;
  /** The JSON body of request number `i` (a counter over the run). */
  body?: (i: number) => unknown;
  /** More request headers (e.g. the `Origin` of a page, for the site routes). */
  headers?: Record<string, string>;
}

/** Drives one URL with autocannon and returns its throughput and latency percentiles. */
export async function load(options: LoadOptions): Promise<LoadFigures> {
  let counter = 0;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  Object.assign(headers, options.headers);
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers,
    connections: options.connections,
    ...(options.amount === undefined ? { duration: options.duration } : { amount: options.amount }),
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: options.body ? [{ setupRequest: (request) => ({ ...request, body: JSON.stringify(options.body!(counter++)) }) }] : undefined,
  });
  const ok = result['2xx'];
  return {
    perSecond: Math.round(ok / (result.duration || 1)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** The p-th percentile (0-100) of already sorted numbers. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Asks GET /api/health back to back (one at a time) until stopped, and keeps each answer's time:
 * the longest one is the longest the server kept a request waiting. The probe runs on a thread of its
 * own, so that the bench's own work (autocannon, its reads of the database) does not delay it.
 */
export function healthProbe(base: string): { stop: () => Promise<{ max: number; p99: number; count: number }> } {
  const worker = new Worker(PROBE, { eval: true, workerData: `${base}/api/health` });
  return {
    stop: async () => {
      const answered = new Promise<number[]>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage('stop');
      const times = (await answered).sort((a, b) => a - b);
      await worker.terminate();
      return { max: times.at(-1) ?? NaN, p99: percentile(times, 99), count: times.length };
    },
  };
}

/** The probe's thread: plain JavaScript, evaluated as it is (the bench itself is bundled). */
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const times = [];
let running = true;
parentPort.once('message', () => { running = false; });
(async () => {
  while (running) {
    const start = performance.now();
    await fetch(workerData).then((r) => r.arrayBuffer());
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 5));
  }
  parentPort.postMessage(times);
})();
`;
