import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { NODE_CATALOGUE, outputsOf, type ScenarioNode, type ValidationError, type ValidationWarning } from '@parcours/shared';
import type { NodeCounts } from '@parcours/shared';
import { outputLabel } from './summary.ts';
import { FamilyIcon } from './icons.tsx';
import { useOverlay } from './overlay.ts';
import { useCompact } from './lod.ts';
import { NODE_HEIGHT } from './layout.ts';
import { fmt, NodeLiveCounts, percent, type VersionCounts } from './LiveCounts.tsx';
import { useTranslation } from '../i18n/index.ts';
import { nodeTitle } from '../i18n/nodes.ts';
import { problemText } from '../i18n/problems.ts';

export interface JourneyNodeData extends Record<string, unknown> {
  node: ScenarioNode;
  summary: string;
  errors: ValidationError[] | undefined;
  /** Worth a look, not blocking (an attribute some contacts lack): a distinct mark with the warnings' text. */
  warnings: ValidationWarning[] | undefined;
  stats: NodeCounts | undefined;
  /** Each version's counts of this node, when several versions held contacts (the split on hover). */
  versionSplit: VersionCounts[] | undefined;
  outputStats: Record<string, { taken: number; converted: number }> | undefined;
  /** Simulation: times the contact passed here (0: not on the path); whether it is where the replay stands. */
  visits: number;
  current: boolean;
  dimmed: boolean;
}

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;


/** A node on the canvas: family colour, title, config summary, one labelled handle per output; zoomed out, a block. */
export const JourneyNode = memo(function JourneyNode({ data, selected, height }: NodeProps<JourneyFlowNode>) {
  const { node, errors, warnings } = data;
  const info = NODE_CATALOGUE[node.type];
  const uncovered = useOverlay((s) => s.uncovered.get(node.id));
  const compact = useCompact();
  const classes = [
    'jnode',
    compact && 'compact',
    `family-${info.family}`,
    selected && 'selected',
    errors && 'invalid',
    warnings && 'warned',
    data.visits > 0 && 'visited',
    data.current && 'current',
    data.dimmed && 'dimmed',
  ]
    .filter(Boolean)
    .join(' ');
  const problems = [...(errors ?? []), ...(warnings ?? [])].map(problemText).join('\n') || undefined;
  if (compact) {
    // Same box as the full form (its last measured height), so edges, layout and the minimap do not move.
    const name = `${nodeTitle(node.type)}: ${node.label || data.summary}`;
    return (
      <div className={classes} style={{ height: height ?? NODE_HEIGHT }} data-node-id={node.id} data-testid={`node-${node.id}`} title={problems ? `${name}\n${problems}` : name}>
        <InputHandle node={node} />
        <FamilyIcon type={node.type} />
        <CompactOutputs node={node} uncovered={uncovered} />
      </div>
    );
  }
  return (
    <div className={classes} data-node-id={node.id} data-testid={`node-${node.id}`} title={problems ?? data.summary}>
      <FullNode data={data} uncovered={uncovered} />
    </div>
  );
});

/** A node's warnings: a mark apart from the error badge, its text read out and shown on hover. */
function WarningMark({ warnings }: { warnings: ValidationWarning[] }) {
  const { t } = useTranslation();
  const text = warnings.map(problemText).join('\n');
  return (
    <span className="jnode-badge warning" role="img" aria-label={t('canvas.warning', { text })} title={text} data-testid="node-warning">
      ⚠{warnings.length > 1 ? ` ${warnings.length}` : ''}
    </span>
  );
}

/** Where edges come in (a trigger has none). */
function InputHandle({ node }: { node: ScenarioNode }) {
  return NODE_CATALOGUE[node.type].family === 'entry' ? null : <Handle type="target" position={Position.Top} className="jhandle-in" />;
}

/**
 * One output handle per output, spread along the bottom like the full form's outputs: React Flow draws edges from
 * handles, so the compact form keeps them, without the output labels and counts.
 */
function CompactOutputs({ node, uncovered }: { node: ScenarioNode; uncovered: Set<string> | undefined }) {
  const outputs = outputsOf(node);
  return outputs.map((o, i) => (
    <Handle
      key={o}
      type="source"
      id={o}
      position={Position.Bottom}
      className={`jhandle-out out-${o}${uncovered?.has(o) ? ' uncovered' : ''}`}
      style={{ left: `${((i + 0.5) / outputs.length) * 100}%` }}
    />
  ));
}

function FullNode({ data, uncovered }: { data: JourneyNodeData; uncovered: Set<string> | undefined }) {
  const { t } = useTranslation();
  const { node, errors, stats } = data;
  const outputs = outputsOf(node);
  return (
    <>
      <InputHandle node={node} />
      <div className="jnode-head">
        <FamilyIcon type={node.type} />
        <span className="jnode-type">{nodeTitle(node.type)}</span>
        {errors && (
          <span className="jnode-badge error" aria-label={t('canvas.problems', { count: errors.length })}>
            {errors.length}
          </span>
        )}
        {data.warnings && <WarningMark warnings={data.warnings} />}
        {data.visits > 1 && <span className="jnode-badge visits">×{data.visits}</span>}
      </div>
      {node.label ? (
        <>
          <div className="jnode-title">{node.label}</div>
          <div className="jnode-summary">{data.summary}</div>
        </>
      ) : (
        <div className="jnode-title jnode-summary-title">{data.summary}</div>
      )}
      {stats && <NodeLiveCounts node={node} counts={stats} split={data.versionSplit} />}
      {outputs.length > 0 && (
        <div className="jnode-outputs">
          {outputs.map((o) => {
            const label = outputLabel(node, o);
            const out = data.outputStats?.[o];
            const missed = uncovered?.has(o);
            return (
              <div className={missed ? 'jnode-output uncovered' : 'jnode-output'} key={o} title={missed ? t('canvas.uncovered') : undefined}>
                {label && <span className="jnode-output-label">{label}</span>}
                {out && (
                  <span className="jnode-output-count" title={t('canvas.outputCount', { count: out.taken, converted: out.converted })}>
                    {fmt.format(out.taken)}
                    {out.taken > 0 && ` · ★ ${percent(out.converted, out.taken)}`}
                  </span>
                )}
                <Handle type="source" id={o} position={Position.Bottom} className={`jhandle-out out-${o}`} />
              </div>
            );
          })}
        </div>
      )}
    </>
  );
}
