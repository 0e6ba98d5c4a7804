import { useMemo, useRef } from 'react';
import type { Edge as FlowEdge } from '@xyflow/react';
import type { Scenario } from '@parcours/shared';
import { i18n, useTranslation } from '../i18n/index.ts';
import { nodeTitle } from '../i18n/nodes.ts';
import { useEditor } from './store.ts';
import { NO_STATS, useOverlay } from './overlay.ts';
import type { JourneyFlowNode, JourneyNodeData } from './JourneyNode.tsx';
import { nodeSummary } from './visuals.ts';
import { useSegments } from '../segments/queries.ts';
import type { Problems } from './validation.ts';

/** The scenario as React Flow nodes and edges, with selection, drags, problems, a replayed path and counts. */

export type Size = { width: number; height: number };

/** Reuses a node's previous flow object when nothing it shows changed, so a drag re-renders one node. */
export function useFlowNodes(scenario: Scenario, problems: Problems, sizes: Record<string, Size>): JourneyFlowNode[] {
  const selection = useEditor((s) => s.selection);
  const dragging = useEditor((s) => s.dragging);
  const { visited, current, stats } = useOverlay();
  // Summaries and labels are words of the interface's language: a switch redraws every node.
  const { i18n: { language } } = useTranslation();
  const cache = useRef(new Map<string, { key: unknown[]; flow: JourneyFlowNode }>());
  // A saved segment entry is summarised with its segment's name.
  const segments = useSegments(scenario.nodes.some((n) => n.type === 'entry.membership')).data;
  const segmentNames = useMemo(() => new Map(segments?.items.map((s) => [s.id, s.name])), [segments]);
  return useMemo(() => {
    const selected = new Set(selection.nodes);
    const replaying = visited.size > 0;
    const next = new Map<string, { key: unknown[]; flow: JourneyFlowNode }>();
    const nodes = scenario.nodes.map((n) => {
      const position = dragging?.[n.id] ?? n.position;
      const key = [n, scenario.templates, segmentNames, selected.has(n.id), position, sizes[n.id], problems.byNode.get(n.id), problems.warningsByNode.get(n.id), stats, visited.get(n.id), current === n.id, replaying, language];
      const prev = cache.current.get(n.id);
      if (prev && prev.key.every((v, i) => v === key[i])) {
        next.set(n.id, prev);
        return prev.flow;
      }
      const data: JourneyNodeData = {
        node: n,
        summary: nodeSummary(n, { templates: scenario.templates, segmentNames }),
        errors: problems.byNode.get(n.id),
        warnings: problems.warningsByNode.get(n.id),
        stats: stats ? (stats.nodes[n.id] ?? NO_STATS) : undefined,
        versionSplit:
          stats && stats.versions.length > 1 ? stats.versions.map((v) => ({ version: v.version, counts: v.nodes[n.id] ?? NO_STATS })) : undefined,
        outputStats: stats?.outputs[n.id],
        visits: visited.get(n.id) ?? 0,
        current: current === n.id,
        dimmed: replaying && !visited.has(n.id),
      };
      const flow: JourneyFlowNode = { id: n.id, type: 'journey', position, data, selected: selected.has(n.id), measured: sizes[n.id], ariaLabel: ariaLabel(data) };
      next.set(n.id, { key, flow });
      return flow;
    });
    cache.current = next;
    return nodes;
  }, [scenario, segmentNames, problems, sizes, selection, dragging, visited, current, stats, language]);
}

/** What a screen reader says of a node, in either form: its type, what it does, and whether it has problems or warnings. */
function ariaLabel({ node, summary, errors, warnings }: JourneyNodeData): string {
  const what = node.label ? i18n.t('canvas.ariaLabelled', { type: nodeTitle(node.type), label: node.label, summary }) : i18n.t('canvas.aria', { type: nodeTitle(node.type), summary });
  const problems = errors ? i18n.t('canvas.ariaProblems', { node: what, count: errors.length }) : what;
  return warnings ? i18n.t('canvas.ariaWarnings', { node: problems, count: warnings.length }) : problems;
}

export function useFlowEdges(scenario: Scenario, problems: Problems): FlowEdge[] {
  const selection = useEditor((s) => s.selection);
  const { takenEdges } = useOverlay();
  const cache = useRef(new Map<string, { key: unknown[]; flow: FlowEdge }>());
  return useMemo(() => {
    const selected = new Set(selection.edges);
    const replaying = takenEdges.size > 0;
    const next = new Map<string, { key: unknown[]; flow: FlowEdge }>();
    const edges = scenario.edges.map((e) => {
      const invalid = problems.byEdge.has(e.id);
      const taken = takenEdges.has(e.id);
      const key = [e, selected.has(e.id), invalid, taken, replaying];
      const prev = cache.current.get(e.id);
      if (prev && prev.key.every((v, i) => v === key[i])) {
        next.set(e.id, prev);
        return prev.flow;
      }
      const classes = [invalid && 'edge-invalid', taken && 'edge-taken', replaying && !taken && 'edge-dimmed'];
      const flow: FlowEdge = {
        id: e.id,
        source: e.source,
        sourceHandle: e.sourceHandle,
        target: e.target,
        type: 'journey',
        selected: selected.has(e.id),
        animated: taken,
        className: classes.filter(Boolean).join(' '),
      };
      next.set(e.id, { key, flow });
      return flow;
    });
    cache.current = next;
    return edges;
  }, [scenario.edges, problems, selection, takenEdges]);
}

