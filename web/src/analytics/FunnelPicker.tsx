import { useMemo } from 'react';
import { Background, ReactFlow, type Edge as FlowEdge, type Node as FlowNode } from '@xyflow/react';
import { familyOf, NODE_CATALOGUE, pathTo, type Funnel, type NodeType } from '@parcours/shared';
import { count, rate } from './format.ts';

interface PickedNode {
  id: string;
  type: NodeType;
  label?: string;
  position: { x: number; y: number };
}

const nameOf = (n: PickedNode) => n.label ?? `${NODE_CATALOGUE[n.type].title} · ${n.id}`;

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
    <section className="card" aria-label="Funnel">
      <h2>Funnel</h2>
      <p className="muted">Click nodes on the canvas in order to build a path, or pick its last node and take the path from the entry.</p>
      <div className="funnel-canvas" data-testid="funnel-canvas">
        <ReactFlow nodes={flowNodes} edges={flowEdges} onNodeClick={(_, node) => click(node.id)} nodesDraggable={false} nodesConnectable={false} fitView proOptions={{ hideAttribution: true }}>
          <Background />
        </ReactFlow>
      </div>
      <div className="row">
        <button type="button" disabled={last === undefined || entries.length === 0} onClick={() => last && onPath(pathTo(entries, last, edges))}>
          Path from the entry
        </button>
        <button type="button" className="link" disabled={path.length === 0} onClick={() => onPath([])}>
          Clear the path
        </button>
      </div>
      {props.error && <div className="callout error">{props.error}</div>}
      {path.length < 2 && <p className="empty">Choose at least two nodes.</p>}
      {path.length >= 2 && props.funnel && (
        <table className="table" data-testid="funnel-table">
          <thead>
            <tr>
              <th>Step</th>
              <th className="num">Reached</th>
              <th className="num">Dropped</th>
              <th className="num">From the previous step</th>
              <th className="num">From the first step</th>
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
                  <td className="num">{count.format(step.reached)}</td>
                  <td className="num">{i === 0 ? '—' : count.format(step.dropped)}</td>
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
