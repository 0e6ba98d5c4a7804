import { useMemo, useState } from 'react';
import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import { diffIsEmpty, type ChangedNode, type FieldChange, type ScenarioDiff, type ScenarioDocument } from '@parcours/shared';
import { JourneyNode } from '../editor/JourneyNode.tsx';
import { useTranslation } from '../i18n/index.ts';
import { nodeName } from '../i18n/nodes.ts';
import { diffFlow } from './diffFlow.ts';

const nodeTypes = { journey: JourneyNode };
const PRO_OPTIONS = { hideAttribution: true };
const FIT_VIEW_OPTIONS = { padding: 0.15 };

/** A value of a changed field, short enough for a line of the panel. */
function shown(value: FieldChange['before']): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function Fields({ fields }: { fields: FieldChange[] }) {
  const { t } = useTranslation();
  return (
    <ul className="diff-fields">
      {fields.map((f) => (
        <li key={f.path} data-path={f.path}>
          <code>{f.path}</code>
          {t('common.colon')}
          <span className="diff-before">{f.before === undefined ? t('review.diff.absent') : shown(f.before)}</span> →{' '}
          <span className="diff-after">{f.after === undefined ? t('review.diff.absent') : shown(f.after)}</span>
        </li>
      ))}
    </ul>
  );
}

const nameOf = (n: ChangedNode) => `${nodeName(n)} (${n.id})`;

/** The side panel: every change, the node picked on the canvas first and marked. */
function DiffPanel({ diff, picked, onPick }: { diff: ScenarioDiff; picked: string | null; onPick: (id: string) => void }) {
  const { t } = useTranslation();
  const nodeList = (title: string, mark: string, nodes: ChangedNode[]) =>
    nodes.length > 0 && (
      <section>
        <h3>{title}</h3>
        <ul className="diff-list">
          {nodes.map((n) => (
            <li key={n.id} className={`diff-item diff-${mark}${picked === n.id ? ' picked' : ''}`} data-diff-node={n.id}>
              <button type="button" className="link" onClick={() => onPick(n.id)}>
                {nameOf(n)}
              </button>
              {'fields' in n && <Fields fields={(n as { fields: FieldChange[] }).fields} />}
            </li>
          ))}
        </ul>
      </section>
    );
  const edgeList = (title: string, mark: string, edges: ScenarioDiff['edges']['added']) =>
    edges.length > 0 && (
      <section>
        <h3>{title}</h3>
        <ul className="diff-list">
          {edges.map((e) => (
            <li key={e.id} className={`diff-item diff-${mark}`}>
              {t('review.diff.edge', { source: e.source, output: e.sourceHandle, target: e.target })}
            </li>
          ))}
        </ul>
      </section>
    );
  return (
    <aside className="card diff-panel" data-testid="diff-panel" aria-label={t('review.diff.panel')}>
      {diffIsEmpty(diff) && <p className="muted">{t('review.diff.none')}</p>}
      {nodeList(t('review.diff.added'), 'added', diff.nodes.added)}
      {nodeList(t('review.diff.removed'), 'removed', diff.nodes.removed)}
      {nodeList(t('review.diff.changed'), 'changed', diff.nodes.changed)}
      {edgeList(t('review.diff.edgesAdded'), 'added', diff.edges.added)}
      {edgeList(t('review.diff.edgesRemoved'), 'removed', diff.edges.removed)}
      {diff.other.length > 0 && (
        <section>
          <h3>{t('review.diff.other')}</h3>
          <Fields fields={diff.other} />
        </section>
      )}
    </aside>
  );
}

/**
 * Two documents of a scenario on one read-only canvas: added nodes in green, removed ones ghosted in red where they
 * were, changed ones in amber with their fields in the side panel; connections added and removed styled alike.
 */
export function DiffView({ before, after, diff }: { before: ScenarioDocument; after: ScenarioDocument; diff: ScenarioDiff }) {
  const { t } = useTranslation();
  const { nodes, edges } = useMemo(() => diffFlow(before, after, diff), [before, after, diff]);
  const [picked, setPicked] = useState<string | null>(null);
  return (
    <div className="diff-view">
      <div className="canvas diff-canvas" data-testid="diff-canvas">
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            deleteKeyCode={null}
            onNodeClick={(_, node) => setPicked(node.id)}
            fitView
            fitViewOptions={FIT_VIEW_OPTIONS}
            minZoom={0.1}
            proOptions={PRO_OPTIONS}
          >
            <Background gap={20} size={1.2} color="#d5d9e2" />
            <Controls showInteractive={false} position="bottom-left" />
          </ReactFlow>
        </ReactFlowProvider>
        <p className="diff-legend" aria-hidden="true">
          <span className="diff-added">{t('review.diff.legendAdded')}</span> <span className="diff-removed">{t('review.diff.legendRemoved')}</span>{' '}
          <span className="diff-changed">{t('review.diff.legendChanged')}</span>
        </p>
      </div>
      <DiffPanel diff={diff} picked={picked} onPick={setPicked} />
    </div>
  );
}
