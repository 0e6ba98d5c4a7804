import { create } from 'zustand';
import type { OutputRef } from '@parcours/shared';
import { emptyNodeCounts, type NodeCounts, type VersionStats } from '@parcours/shared';

/** What is drawn over the graph without being part of it: a simulated path, or live counts. */
export interface Overlay {
  /** Simulation: nodes passed so far (id → how many times), the node reached at the current step, edges taken. */
  visited: Map<string, number>;
  current: string | null;
  takenEdges: Set<string>;
  /** Live counts of the published version shown. */
  stats: VersionStats | null;
  /** Test coverage: the connected outputs no saved case takes (node id → output names), while the cases view shows it. */
  uncovered: Map<string, Set<string>>;
  showPath(path: { visited: Map<string, number>; current: string | null; takenEdges: Set<string> }): void;
  clearPath(): void;
  setStats(stats: VersionStats | null): void;
  showUncovered(outputs: OutputRef[]): void;
  clearUncovered(): void;
}

export const useOverlay = create<Overlay>()((set) => ({
  visited: new Map(),
  current: null,
  takenEdges: new Set(),
  stats: null,
  uncovered: new Map(),
  showPath: (path) => set(path),
  clearPath: () => set({ visited: new Map(), current: null, takenEdges: new Set() }),
  setStats: (stats) => set({ stats }),
  showUncovered: (outputs) => {
    const uncovered = new Map<string, Set<string>>();
    for (const { node, output } of outputs) uncovered.set(node, (uncovered.get(node) ?? new Set()).add(output));
    set({ uncovered });
  },
  clearUncovered: () => set({ uncovered: new Map() }),
}));

export const NO_STATS: NodeCounts = emptyNodeCounts();
