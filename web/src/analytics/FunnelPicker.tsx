import { useMemo } from 'react';
import { Background, ReactFlow, type Edge as FlowEdge, type Node as FlowNode } from '@xyflow/react';
import { familyOf, pathTo, type Funnel, type NodeType } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { nodeTitle } from '../i18n/nodes.ts';
import { count, rate } from './format.ts';

interface PickedNode {
  id: string;
  type: NodeType;
  label?: string;
  position: { x: number; y: number };
}

const nameOf = (n: PickedNode) => n.label ?? `${nodeTitle(n.type)} · ${n.id}`;

/**
 * The scenario's canvas, read-only, to choose a funnel's path: clicking nodes adds them in order (clicking the
 * last one again takes it off); "Path from the entry" fills in the shortest path from the entry to the last one.
 */
export function FunnelPicker(props: {
  nodes: PickedNode[];
  edges: Array<{ id: string; source: string; target: string; sourceHandle?: string }>;
  path: string[];
  onPath: (path: string[]) => void;
  funnel: Funnel | undefined;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  const { nodes, edges, path, onPath } = props;
  const flowNodes: FlowNode[] = useMemo(
    () =>
      nodes.map((n) => {
        const place = path.indexOf(n.id);
        return {
          id: n.id,
          position: n.position,
          data: { label: place >= 0 ? `${place + 1}. ${nameOf(n)}` : nameOf(n) },
          className: place >= 0 ? 'funnel-node chosen' : 'funnel-node',
          draggable: false,
          connectable: false,
          ariaLabel: nameOf(n),
        };
      }),
    [nodes, path],
  );
  const flowEdges: FlowEdge[] = useMemo(() => edges.map((e) => ({ id: e.id, source: e.source, target: e.target })), [edges]);
  const entries = nodes.filter((n) => familyOf(n.type) === 'entry').map((n) => n.id);
  const last = path.at(-1);
  const click = (id: string) => onPath(last === id ? path.slice(0, -1) : path.includes(id) ? path : [...path, id]);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return (
    <section className="card" aria-label={t('analytics.funnel')}>
      <h2>{t('analytics.funnel')}</h2>
      <p className="muted">{t('analytics.funnelIntro')}</p>
      <div className="funnel-canvas" data-testid="funnel-canvas">
        <ReactFlow nodes={flowNodes} edges={flowEdges} onNodeClick={(_, node) => click(node.id)} nodesDraggable={false} nodesConnectable={false} fitView proOptions={{ hideAttribution: true }}>
          <Background />
        </ReactFlow>
      </div>
      <div className="row">
        <button type="button" disabled={last === undefined || entries.length === 0} onClick={() => last && onPath(pathTo(entries, last, edges))}>
          {t('analytics.pathFromEntry')}
        </button>
        <button type="button" className="link" disabled={path.length === 0} onClick={() => onPath([])}>
          {t('analytics.clearPath')}
        </button>
      </div>
      {props.error && <div className="callout error">{props.error}</div>}
      {path.length < 2 && <p className="empty">{t('analytics.chooseTwo')}</p>}
      {path.length >= 2 && props.funnel && (
        <table className="table" data-testid="funnel-table">
          <thead>
            <tr>
              <th>{t('analytics.step')}</th>
              <th className="num">{t('analytics.reached')}</th>
              <th className="num">{t('analytics.dropped')}</th>
              <th className="num">{t('analytics.fromPrevious')}</th>
              <th className="num">{t('analytics.fromFirst')}</th>
            </tr>
          </thead>
          <tbody>
            {props.funnel.steps.map((step, i) => {
              const node = byId.get(step.node);
              return (
                <tr key={`${step.node}-${i}`}>
                  <td>
                    {i + 1}. {node ? nameOf(node) : step.node}
                  </td>
                  <td className="num">{count(step.reached)}</td>
                  <td className="num">{i === 0 ? '—' : count(step.dropped)}</td>
                  <td className="num">{rate(step.fromPrevious)}</td>
                  <td className="num">{rate(step.fromFirst)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
