import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { basename } from 'node:path';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * A benchmark's CPU profile of the parts it names, when `BENCH_PROFILE` names a directory: each part is written
 * there as `<part>.cpuprofile` (open it in Chrome's DevTools) and summarised on the console, the functions that
 * took the most time themselves and with what they called. Without `BENCH_PROFILE`, the parts just run.
 */
export async function profiled<T>(part: string, run: () => T): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const result = run();
  const { profile } = (await session.post('Profiler.stop')) as { profile: Profile };
  session.disconnect();
  writeFileSync(`${dir}/${part}.cpuprofile`, JSON.stringify(profile));
  console.log(`profile of ${part}:\n${summary(profile)}`);
  return result;
}

/** Each node by id, and each node's caller. */
export function profileIndex(profile: Profile): { byId: Map<number, ProfileNode>; parent: Map<number, number> } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return { byId, parent };
}

export const frameName = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();

/** The top functions by self time and by total time (each function counted once per stack), in % of the samples. */
export function summary(profile: Profile, top = 25): string {
  const { byId, parent } = profileIndex(profile);
  /** A native or library function is named with the first of our functions up its stack: `run ← insertEvent contacts.ts:3`. */
  const ours = (node: ProfileNode) => node.callFrame.url.includes('/src/') && !node.callFrame.url.includes('node_modules') && !node.callFrame.url.endsWith('raw-statement.ts');
  const ownName = (id: number): string => {
    const node = byId.get(id)!;
    if (ours(node)) return frameName(node);
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) if (ours(byId.get(at)!)) return `${frameName(node)} ← ${frameName(byId.get(at)!)}`;
    return frameName(node);
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    all += dt;
    const leaf = ownName(id);
    self.set(leaf, (self.get(leaf) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  });
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, t]) => `  ${((t / all) * 100).toFixed(1).padStart(5)} %  ${name}`)
      .join('\n');
  return `self:\n${lines(self)}\ntotal:\n${lines(total)}`;
}
