import type { Scenario, SimulatedStep } from '@parcours/shared';

export interface PathView {
  visited: Map<string, number>;
  current: string | null;
  takenEdges: Set<string>;
}

/**
 * The part of a simulated path shown at replay step `upTo` (inclusive): nodes passed (with how many
 * times the contact arrived there), the node it stands at, and the edges it took to get there.
 */
export function pathUpTo(scenario: Scenario, steps: SimulatedStep[], upTo: number): PathView {
  const visited = new Map<string, number>();
  const takenEdges = new Set<string>();
  const last = Math.min(upTo, steps.length - 1);
  for (let i = 0; i <= last; i++) {
    const step = steps[i];
    const prev = steps[i - 1];
    const arrived = !prev || prev.node !== step.node || prev.pass !== step.pass;
    if (arrived) visited.set(step.node, (visited.get(step.node) ?? 0) + 1);
    if (prev && prev.node !== step.node && prev.pass === step.pass) {
      const edge =
        scenario.edges.find((e) => e.source === prev.node && e.target === step.node && (!prev.output || e.sourceHandle === prev.output)) ??
        scenario.edges.find((e) => e.source === prev.node && e.target === step.node);
      if (edge) takenEdges.add(edge.id);
    }
  }
  return { visited, current: last >= 0 ? steps[last].node : null, takenEdges };
}

const UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
];

/** Virtual time since the start of the simulation: "+0", "+3d", "+1d 4h", "+15m". */
export function sinceStart(at: number, start: number): string {
  let rest = at - start;
  if (rest <= 0) return '+0';
  const parts: string[] = [];
  for (const [unit, ms] of UNITS) {
    const n = Math.floor(rest / ms);
    if (n) parts.push(`${n}${unit}`);
    rest -= n * ms;
  }
  return `+${parts.join(' ') || '<1m'}`;
}
