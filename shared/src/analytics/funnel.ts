import type { Edge } from '../schema/scenario.ts';

export interface FunnelStep {
  node: string;
  /** Enrolments that reached the node (each counted once however often it passed). */
  reached: number;
  /** How many of the previous step's were lost before this one (0 for the first step). */
  dropped: number;
  /** This step's count over the previous step's (null for the first step, or after a step nobody reached). */
  fromPrevious: number | null;
  /** This step's count over the first step's. */
  fromFirst: number | null;
}

/** The funnel along `path`: how many reached each node, and what was lost between consecutive ones. */
export function funnel(path: readonly string[], reached: (node: string) => number): FunnelStep[] {
  const counts = path.map(reached);
  const ratio = (n: number, of: number | undefined) => (of === undefined || of === 0 ? null : n / of);
  return path.map((node, i) => ({
    node,
    reached: counts[i],
    dropped: i === 0 ? 0 : Math.max(0, counts[i - 1] - counts[i]),
    fromPrevious: i === 0 ? null : ratio(counts[i], counts[i - 1]),
    fromFirst: ratio(counts[i], counts[0]),
  }));
}

/**
 * The shortest path (fewest nodes) from any of `starts` to `end` along the edges, `starts` and `end`
 * included; empty when `end` cannot be reached. What "the path to this node" means on the canvas.
 */
export function pathTo(starts: readonly string[], end: string, edges: readonly Pick<Edge, 'source' | 'target'>[]): string[] {
  const previous = new Map<string, string | null>(starts.map((s) => [s, null]));
  const queue = [...starts];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === end) {
      const path: string[] = [];
      for (let at: string | null | undefined = end; at != null; at = previous.get(at)) path.unshift(at);
      return path;
    }
    for (const e of edges) {
      if (e.source !== node || previous.has(e.target)) continue;
      previous.set(e.target, node);
      queue.push(e.target);
    }
  }
  return [];
}
