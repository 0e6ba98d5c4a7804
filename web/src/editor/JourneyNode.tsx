import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { NODE_CATALOGUE, outputsOf, type ScenarioNode, type ValidationError } from '@parcours/shared';
import type { NodeCounts } from '@parcours/shared';
import { outputLabel } from './summary.ts';
import { FamilyIcon } from './icons.tsx';
import { useOverlay } from './overlay.ts';

export interface JourneyNodeData extends Record<string, unknown> {
  node: ScenarioNode;
  summary: string;
  errors: ValidationError[] | undefined;
  stats: NodeCounts | undefined;
  outputStats: Record<string, { taken: number; converted: number }> | undefined;
  /** Simulation: times the contact passed here (0: not on the path); whether it is where the replay stands. */
  visits: number;
  current: boolean;
  dimmed: boolean;
}

export type JourneyFlowNode = Node<JourneyNodeData, 'journey'>;

const fmt = new Intl.NumberFormat('en', { notation: 'compact' });
const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)}%`;

/** A node on the canvas: family colour, title, config summary, one labelled handle per output. */
export const JourneyNode = memo(function JourneyNode({ data, selected }: NodeProps<JourneyFlowNode>) {
  const { node, errors, stats } = data;
  const info = NODE_CATALOGUE[node.type];
  const outputs = outputsOf(node);
  const uncovered = useOverlay((s) => s.uncovered.get(node.id));
  const classes = [
    'jnode',
    `family-${info.family}`,
    selected && 'selected',
    errors && 'invalid',
    data.visits > 0 && 'visited',
    data.current && 'current',
    data.dimmed && 'dimmed',
  ].filter(Boolean);
  return (
    <div className={classes.join(' ')} data-node-id={node.id} data-testid={`node-${node.id}`} title={errors ? errors.map((e) => e.message).join('\n') : data.summary}>
      {info.family !== 'entry' && <Handle type="target" position={Position.Top} className="jhandle-in" />}
      <div className="jnode-head">
        <FamilyIcon type={node.type} />
        <span className="jnode-type">{info.title}</span>
        {errors && (
          <span className="jnode-badge error" aria-label={`${errors.length} problem${errors.length > 1 ? 's' : ''}`}>
            {errors.length}
          </span>
        )}
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
      {stats && (
        <div className="jnode-stats" aria-label="Live counts">
          <span title="Entered">▶ {fmt.format(stats.entered)}</span>
          <span title="Waiting now">⏸ {fmt.format(stats.waiting)}</span>
          <span title="Converted">
            ★ {fmt.format(stats.converted)}
            {stats.entered > 0 && <span className="rate"> ({percent(stats.converted, stats.entered)})</span>}
          </span>
        </div>
      )}
      {outputs.length > 0 && (
        <div className="jnode-outputs">
          {outputs.map((o) => {
            const label = outputLabel(node, o);
            const out = data.outputStats?.[o];
            const missed = uncovered?.has(o);
            return (
              <div className={missed ? 'jnode-output uncovered' : 'jnode-output'} key={o} title={missed ? 'No saved test case takes this way' : undefined}>
                {label && <span className="jnode-output-label">{label}</span>}
                {out && (
                  <span className="jnode-output-count" title={`${out.taken} took this way, ${out.converted} of them converted`}>
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
    </div>
  );
});
