import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type PointerEvent } from 'react';
import {
  Background,
  ControlButton,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
  useUpdateNodeInternals,
  type Connection,
  type Edge,
  type EdgeChange,
  type Node,
  type NodeChange,
  type OnConnect,
  type OnConnectEnd,
  type OnDelete,
} from '@xyflow/react';
import { NODE_CATALOGUE, NODE_TYPES, type NodeType, type Scenario } from '@parcours/shared';
import { useEditor } from './store.ts';
import { JourneyNode, type JourneyFlowNode, type JourneyNodeData } from './JourneyNode.tsx';
import { useFlowEdges, useFlowNodes, type Size } from './flowElements.ts';
import type { Problems } from './validation.ts';
import { autoLayout } from './layout.ts';
import { placedAt } from './graph.ts';
import { useFitOnOpen, useFitReadable } from './fit.ts';
import { RemovedNodesNote } from './LiveCounts.tsx';
import { CanvasToolbar } from './CanvasToolbar.tsx';
import { useShortcuts } from './shortcuts.ts';
import { QuickAdd, type QuickAddAt } from './QuickAdd.tsx';
import { InsertOnEdge, JourneyEdge } from './JourneyEdge.tsx';
import { MinimapIcon } from './icons.tsx';
import { Compact, LARGE_JOURNEY, useZoomedOut } from './lod.ts';
import { useTranslation } from '../i18n/index.ts';

export const PALETTE_MIME = 'application/x-parcours-node';
const nodeTypes = { journey: JourneyNode };
const edgeTypes = { journey: JourneyEdge };
// React Flow copies each of these props into its store when its identity changes, and every node, edge and handle
// re-checks its selectors on each store change (an edge re-renders on a new `defaultEdgeOptions`): built once here,
// not on every render of a drag.
const DEFAULT_EDGE_OPTIONS = { type: 'journey' };
const PRO_OPTIONS = { hideAttribution: true };
const SNAP_GRID: [number, number] = [10, 10];
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
/** The wheel scrolls the canvas like a page; held down, either key makes it zoom (a trackpad pinch zooms too). */
const ZOOM_KEYS = ['Meta', 'Control'];
const MINIMAP_STYLE = { width: 150, height: 100 };
const notALoop = (c: Connection | Edge) => c.source !== c.target;
const minimapClass = (n: Node) => `family-${NODE_CATALOGUE[(n.data as JourneyNodeData).node.type].family}`;

/** Applies React Flow's select changes to a list of selected ids. */
function applySelect(ids: string[], changes: { type: string; id?: string; selected?: boolean }[]): string[] | null {
  const selects = changes.filter((c) => c.type === 'select');
  if (selects.length === 0) return null;
  const set = new Set(ids);
  for (const c of selects) {
    if (c.selected) set.add(c.id!);
    else set.delete(c.id!);
  }
  return [...set];
}

export function Canvas(props: { scenario: Scenario; problems: Problems }) {
  const { scenario, problems } = props;
  const { t } = useTranslation();
  const readOnly = useEditor((s) => s.readOnly);
  const [sizes, setSizes] = useState<Record<string, Size>>({});
  // Fit the journey in view when it opens; an empty canvas keeps its zoom, so the first drop lands where it is dropped.
  const [fitOnOpen] = useState(scenario.nodes.length > 0);
  useFitOnOpen(fitOnOpen);
  const flow = useReactFlow();
  const fit = useFitReadable();
  const nodes = useFlowNodes(scenario, problems, sizes);
  const edges = useFlowEdges(scenario, problems);
  const layout = useCallback(async () => {
    const positions = await autoLayout(useEditor.getState().scenario ?? scenario, sizes);
    useEditor.getState().moveNodes(positions);
    requestAnimationFrame(() => void fit());
  }, [fit, scenario, sizes]);
  // A journey written by hand without positions opens piled up at one point: lay it out once.
  useEffect(() => {
    const distinct = new Set(scenario.nodes.map((n) => `${n.position.x},${n.position.y}`));
    if (scenario.nodes.length > 1 && distinct.size === 1 && !readOnly) void layout();
    // Only when the canvas opens.
  }, []);
  // Level of detail: one subscription to the zoom here, handed to every node and edge through context.
  const compact = useZoomedOut();
  // A large journey draws only what is in view, except zoomed out where blocks are cheap and mounting the nodes that
  // come into view on each move of a pan cost more than drawing them all; its minimap is shown on demand (lod.ts).
  const large = scenario.nodes.length > LARGE_JOURNEY;
  const [minimap, setMinimap] = useState(!large);
  // Built once per state, not on every render of a drag (new children would re-render the controls each move).
  const controls = useMemo(
    () => (
      // No fit button here: the toolbar's "Fit" (and F) never zooms below the readable level, React Flow's own does.
      <Controls showInteractive={false} showFitView={false} position="bottom-left">
        <ControlButton onClick={() => setMinimap((shown) => !shown)} aria-pressed={minimap} aria-label={minimap ? t('canvas.hideMinimap') : t('canvas.showMinimap')} title={minimap ? t('canvas.hideMinimap') : t('canvas.showMinimap')}>
          <MinimapIcon />
        </ControlButton>
      </Controls>
    ),
    [minimap, t],
  );
  const updateNodeInternals = useUpdateNodeInternals();
  const wasCompact = useRef(compact);
  useEffect(() => {
    if (wasCompact.current === compact) return;
    wasCompact.current = compact;
    // A node keeps its size when it changes form, so React Flow would not measure its handles again by itself.
    updateNodeInternals(scenario.nodes.map((n) => n.id));
  }, [compact, updateNodeInternals]);
  // Where the pointer is over empty canvas (screen coordinates), for a paste to land there; null once it leaves, or
  // over a node or a panel: a copy pasted at once after clicking its original then lands beside it, not on it.
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const onPointerMove = useCallback((e: PointerEvent) => {
    const over = e.target instanceof Element && e.target.closest('.react-flow__node, .react-flow__panel');
    pointer.current = over ? null : { x: e.clientX, y: e.clientY };
  }, []);
  const paste = useCallback(() => {
    const at = pointer.current;
    useEditor.getState().paste(at ? flow.screenToFlowPosition(at) : undefined);
  }, [flow]);
  const shortcutActions = useMemo(() => ({ layout, fit: () => void fit(), paste }), [layout, fit, paste]);
  useShortcuts(shortcutActions);

  const onNodesChange = useCallback(
    (changes: NodeChange<JourneyFlowNode>[]) => {
      const store = useEditor.getState();
      const selected = applySelect(store.selection.nodes, changes);
      if (selected) store.select({ nodes: selected });
      const moved: Record<string, { x: number; y: number }> = {};
      let dragEnded = false;
      const measured: Record<string, Size> = {};
      for (const c of changes) {
        if (c.type === 'position' && c.position) moved[c.id] = c.position;
        if (c.type === 'position' && c.dragging === false) dragEnded = true;
        if (c.type === 'dimensions' && c.dimensions) measured[c.id] = c.dimensions;
      }
      if (Object.keys(moved).length) store.dragTo(moved);
      if (dragEnded) store.endDrag();
      if (Object.keys(measured).length) setSizes((prev) => ({ ...prev, ...measured }));
    },
    [],
  );

  const onNodeClick = useCallback(() => useEditor.getState().clickNode(), []);

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const store = useEditor.getState();
    const selected = applySelect(store.selection.edges, changes);
    if (selected) store.select({ edges: selected });
  }, []);

  const onConnect: OnConnect = useCallback((c) => {
    useEditor.getState().connect({ source: c.source, sourceHandle: c.sourceHandle ?? 'next', target: c.target });
  }, []);

  // An edge dragged from an output and dropped on empty canvas opens a menu of next steps there.
  const canvasRef = useRef<HTMLDivElement>(null);
  type Pending = QuickAddAt & { flow: { x: number; y: number } } & ({ source: string; sourceHandle: string } | { edgeId: string });
  const [quickAdd, setQuickAdd] = useState<Pending | null>(null);
  const menuAt = useCallback(
    (client: { x: number; y: number }) => {
      const box = canvasRef.current!.getBoundingClientRect();
      return {
        // Kept inside the canvas so the whole menu shows.
        left: Math.max(0, Math.min(client.x - box.left, box.width - 220)),
        top: Math.max(0, Math.min(client.y - box.top, box.height - 330)),
        flow: flow.screenToFlowPosition(client),
      };
    },
    [flow],
  );
  const openInsert = useCallback((edgeId: string, client: { x: number; y: number }) => setQuickAdd({ ...menuAt(client), edgeId }), [menuAt]);
  const onConnectEnd: OnConnectEnd = useCallback(
    (event, state) => {
      if (state.isValid || state.toNode || !state.fromHandle || state.fromHandle.type !== 'source' || !state.fromNode) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      setQuickAdd({ ...menuAt({ x: point.clientX, y: point.clientY }), source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? 'next' });
    },
    [menuAt],
  );
  const closeQuickAdd = useCallback(() => setQuickAdd(null), []);

  const onDelete: OnDelete = useCallback(({ nodes: n, edges: e }) => {
    useEditor.getState().deleteElements(n.map((x) => x.id), e.map((x) => x.id));
  }, []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (e.dataTransfer.types.includes(PALETTE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME) as NodeType;
      if (!NODE_TYPES.includes(type)) return;
      e.preventDefault();
      useEditor.getState().addNode(type, placedAt(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY })));
    },
    [flow],
  );

  return (
    <div
      className={compact ? 'canvas compact' : 'canvas'}
      ref={canvasRef}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onPointerMove={onPointerMove}
      onPointerLeave={() => (pointer.current = null)}
      data-testid="canvas"
    >
      <Compact.Provider value={compact}>
      <InsertOnEdge.Provider value={readOnly ? null : openInsert}>
      <ReactFlow<JourneyFlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onNodeClick={onNodeClick}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={readOnly ? undefined : onConnectEnd}
        onDelete={onDelete}
        isValidConnection={notALoop}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        panOnScroll
        zoomActivationKeyCode={ZOOM_KEYS}
        zoomOnPinch
        selectionKeyCode="Shift"
        minZoom={0.1}
        maxZoom={2}
        onlyRenderVisibleElements={large && !compact}
        proOptions={PRO_OPTIONS}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        connectionRadius={40}
        snapToGrid
        snapGrid={SNAP_GRID}
      >
        <Panel position="top-right">
          <CanvasToolbar onLayout={layout} onFit={fit} />
        </Panel>
        <Panel position="top-left">
          <RemovedNodesNote />
        </Panel>
        {/* Zoomed out the dots are a few pixels apart, a grey tint redrawn on every frame of a pan: not drawn. */}
        {!compact && <Background gap={20} size={1.2} color="#d5d9e2" />}
        {controls}
        {minimap && <MiniMap pannable zoomable style={MINIMAP_STYLE} position="bottom-right" nodeClassName={minimapClass} />}
      </ReactFlow>
      </InsertOnEdge.Provider>
      </Compact.Provider>
      {quickAdd && (
        <QuickAdd
          at={quickAdd}
          onClose={closeQuickAdd}
          onPick={(type) => {
            const at = placedAt(quickAdd.flow);
            if ('edgeId' in quickAdd) useEditor.getState().insertOnEdge(quickAdd.edgeId, type);
            else useEditor.getState().addNodeAfter(type, at, { source: quickAdd.source, sourceHandle: quickAdd.sourceHandle });
            setQuickAdd(null);
          }}
        />
      )}
      {scenario.nodes.length === 0 && (
        <div className="canvas-empty">
          <h3>{t('canvas.emptyTitle')}</h3>
          <p>{t('canvas.emptyText')}</p>
        </div>
      )}
    </div>
  );
}
