import { createContext, memo, useContext } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useOverlay } from './overlay.ts';
import { useCompact } from './lod.ts';
import { useTranslation } from '../i18n/index.ts';

/** Opens the "next step" menu to insert a step into an edge, at a point of the screen. */
export const InsertOnEdge = createContext<((edgeId: string, client: { x: number; y: number }) => void) | null>(null);

/** An edge of the journey: a smooth-step line with a "+" in its middle to insert a step there (not when zoomed out). */
export const JourneyEdge = memo(function JourneyEdge(props: EdgeProps) {
  const { t } = useTranslation();
  const insert = useContext(InsertOnEdge);
  const compact = useCompact();
  // Test coverage: a way out of a node that no saved case takes is drawn dashed.
  const uncovered = useOverlay((s) => s.uncovered.get(props.source)?.has(props.sourceHandleId ?? '') ?? false);
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    sourcePosition: props.sourcePosition,
    targetX: props.targetX,
    targetY: props.targetY,
    targetPosition: props.targetPosition,
  });
  return (
    <>
      <BaseEdge
        id={props.id}
        path={path}
        markerEnd={props.markerEnd}
        style={props.style}
        className={uncovered ? 'edge-uncovered' : undefined}
        interactionWidth={16}
      />
      {insert && !compact && (
        <EdgeLabelRenderer>
          <button
            type="button"
            className="edge-insert nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            aria-label={t('canvas.insertBetween', { source: props.source, target: props.target })}
            title={t('canvas.insertHere')}
            onClick={(e) => insert(props.id, { x: e.clientX, y: e.clientY })}
          >
            +
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
