import { useCallback, useEffect } from 'react';
import { getViewportForBounds, useReactFlow, useStoreApi } from '@xyflow/react';
import { LOD_ZOOM } from './lod.ts';

/** How "zoom to fit" frames the journey: a margin, never larger than life, never smaller than readable, animated. */
const FIT = { padding: 0.2, maxZoom: 1, minZoom: LOD_ZOOM, duration: 300 };
/** Space kept above the first row when a journey too tall to fit readable is shown from its top, in screen pixels. */
const TOP_MARGIN = 40;

/**
 * Zoom to fit, but never below the level where nodes show their text (lod.ts): a journey too large to fit at that
 * level is shown from its top (where it starts), centred across, and the canvas pans for the rest.
 */
export function useFitReadable(): (options?: { animate?: boolean }) => Promise<void> {
  const flow = useReactFlow();
  const store = useStoreApi();
  return useCallback(
    async ({ animate = true } = {}) => {
      const nodes = flow.getNodes();
      if (nodes.length === 0) return;
      const { width, height } = store.getState();
      const bounds = flow.getNodesBounds(nodes);
      const viewport = getViewportForBounds(bounds, width, height, FIT.minZoom, FIT.maxZoom, FIT.padding);
      if (bounds.height * viewport.zoom > height) viewport.y = TOP_MARGIN - bounds.y * viewport.zoom;
      await flow.setViewport(viewport, animate ? { duration: FIT.duration } : undefined);
    },
    [flow, store],
  );
}

/** Frames the journey once when the canvas opens, as soon as React Flow has measured its nodes. */
export function useFitOnOpen(enabled: boolean) {
  const flow = useReactFlow();
  const fit = useFitReadable();
  useEffect(() => {
    if (!enabled) return;
    // React Flow's own fit waits for the nodes to be measured; the readable framing then starts from true sizes.
    void flow.fitView({ padding: FIT.padding, maxZoom: FIT.maxZoom, minZoom: FIT.minZoom }).then(() => fit({ animate: false }));
    // Only when the canvas opens.
  }, []);
}
