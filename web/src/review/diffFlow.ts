import type { Edge as FlowEdge } from '@xyflow/react';
import type { ScenarioDiff, ScenarioDocument, ScenarioNode } from '@parcours/shared';
import type { JourneyFlowNode } from '../editor/JourneyNode.tsx';
import { nodeSummary } from '../editor/visuals.ts';

export type DiffMark = 'added' | 'removed' | 'changed';

/** A node of the diff canvas is the after document's node, or the before's when it is gone: its edges may be prefixed. */
export const REMOVED_EDGE_PREFIX = 'removed:';

/**
 * Both documents drawn as one read-only canvas: the after document's nodes and edges where they are, with the
 * nodes gone since `before` shown where they were. Each node or edge is classed by what happened to it.
 */
export function diffFlow(before: ScenarioDocument, after: ScenarioDocument, diff: ScenarioDiff): { nodes: JourneyFlowNode[]; edges: FlowEdge[]; marks: Map<string, DiffMark> } {
  const marks = new Map<string, DiffMark>([
    ...diff.nodes.added.map((n): [string, DiffMark] => [n.id, 'added']),
    ...diff.nodes.removed.map((n): [string, DiffMark] => [n.id, 'removed']),
    ...diff.nodes.changed.map((n): [string, DiffMark] => [n.id, 'changed']),
  ]);
  const removedIds = new Set(diff.nodes.removed.map((n) => n.id));
  const flowNode = (node: ScenarioNode, templates: ScenarioDocument['templates']): JourneyFlowNode => {
    const mark = marks.get(node.id);
    return {
      id: node.id,
      type: 'journey',
      position: node.position,
      className: mark ? `diff-${mark}` : undefined,
      data: {
        node,
        summary: nodeSummary(node, { templates }),
        errors: undefined,
        warnings: undefined,
        stats: undefined,
        versionSplit: undefined,
        outputStats: undefined,
        visits: 0,
        current: false,
        dimmed: false,
      },
    };
  };
  const nodes = [
    ...after.nodes.map((n) => flowNode(n as ScenarioNode, after.templates)),
    ...before.nodes.filter((n) => removedIds.has(n.id)).map((n) => flowNode(n as ScenarioNode, before.templates)),
  ];
  const addedEdges = new Set(diff.edges.added.map((e) => e.id));
  const edge = (e: ScenarioDocument['edges'][number], id: string, className?: string): FlowEdge => ({ id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, className });
  const edges = [
    ...after.edges.map((e) => edge(e, e.id, addedEdges.has(e.id) ? 'edge-added' : undefined)),
    ...diff.edges.removed.map((e) => edge(e, `${REMOVED_EDGE_PREFIX}${e.id}`, 'edge-removed')),
  ];
  return { nodes, edges, marks };
}
