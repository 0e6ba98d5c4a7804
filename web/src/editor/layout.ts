import type { ElkNode } from 'elkjs/lib/elk.bundled.js';
import { outputsOf, type Scenario } from '@parcours/shared';
import type { XY } from './graph.ts';

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 96;

/** elkjs is large: loaded the first time a layout is asked for, not with the app. */
let elk: Promise<{ layout(graph: ElkNode): Promise<ElkNode> }> | null = null;
const loadElk = () => (elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default()));

/**
 * Top-to-bottom layered layout of the journey (elkjs). Output ports are ordered like the node's handles
 * so that "yes" stays left of "no" and edges do not cross for nothing.
 */
export async function autoLayout(scenario: Scenario, sizes: Record<string, { width?: number; height?: number }> = {}): Promise<Record<string, XY>> {
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '70',
      'elk.spacing.nodeNode': '50',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    },
    children: scenario.nodes.map((n) => ({
      id: n.id,
      width: sizes[n.id]?.width ?? NODE_WIDTH,
      height: sizes[n.id]?.height ?? NODE_HEIGHT,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        { id: `${n.id}::in`, layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': '0' } },
        // ELK numbers ports clockwise, so on the south side the first output (drawn leftmost) has the highest index.
        ...outputsOf(n).map((o, i, all) => ({ id: `${n.id}::out::${o}`, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(all.length - 1 - i) } })),
      ],
    })),
    edges: scenario.edges
      .filter((e) => scenario.nodes.some((n) => n.id === e.source) && scenario.nodes.some((n) => n.id === e.target))
      .map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle}`], targets: [`${e.target}::in`] })),
  };
  const laid = await (await loadElk()).layout(graph);
  const out: Record<string, XY> = {};
  for (const child of laid.children ?? []) out[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return out;
}
