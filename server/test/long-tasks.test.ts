import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { timed, watchLongTasks } from '../src/runtime/long-tasks.ts';

/** Holds the thread for `ms`, as a long synchronous job would. */
function busy(ms: number): number {
  const until = performance.now() + ms;
  let spins = 0;
  while (performance.now() < until) spins++;
  return spins > 0 ? 7 : 0;
}

describe('long tasks', () => {
  afterEach(() => watchLongTasks(0, () => {}));

  it('reports a job that held the thread past the threshold, with its name and size, and returns its result', () => {
    const lines: string[] = [];
    watchLongTasks(5, (line) => lines.push(line));
    expect(timed('scheduler', () => busy(30), (done) => done)).toBe(7);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^long task: scheduler held the thread \d+ ms \(7 items\)$/);
    expect(Number(lines[0].match(/(\d+) ms/)![1])).toBeGreaterThanOrEqual(30);
  });

  it('stays quiet under the threshold and when turned off', () => {
    const lines: string[] = [];
    watchLongTasks(10_000, (line) => lines.push(line));
    timed('scheduler', () => busy(20));
    watchLongTasks(0, (line) => lines.push(line));
    timed('scheduler', () => busy(20));
    expect(lines).toEqual([]);
  });

  it('counts only the synchronous part of a job that returns a promise', async () => {
    const lines: string[] = [];
    watchLongTasks(50, (line) => lines.push(line));
    await timed('dispatcher', () => new Promise((resolve) => setTimeout(resolve, 120)));
    expect(lines).toEqual([]);
  });

  it('reports a garbage collection pause past the threshold, with its kind', async () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    // Two million live objects: a full collection marks them all, several ms on any machine.
    const live = Array.from({ length: 2_000_000 }, (_, i) => ({ i }));
    const lines: string[] = [];
    watchLongTasks(1, (line) => lines.push(line));
    collect();
    // Collections are reported once the thread is free again.
    await expect.poll(() => lines).toContainEqual(expect.stringMatching(/^long task: garbage collection \(major\) held the thread \d+ ms$/));
    expect(live.length).toBe(2_000_000);
  });

  it('reports a stall of the event loop that no timed job covers, once per second', async () => {
    const lines: string[] = [];
    watchLongTasks(40, (line) => lines.push(line));
    await new Promise((resolve) => setTimeout(resolve, 50));
    busy(120);
    await expect.poll(() => lines, { timeout: 3000 }).toContainEqual(expect.stringMatching(/^long task: the event loop was held \d+ ms \(the longest stall of the last second\)$/));
    const held = Number(lines.find((line) => line.includes('event loop'))!.match(/held (\d+) ms/)![1]);
    expect(held).toBeGreaterThanOrEqual(110);
    expect(held).toBeLessThan(400);
  });
});
