import { create } from 'zustand';
import { useStore } from 'zustand';
import { temporal } from 'zundo';
import type { NodeType, Scenario, Settings, Template, TestCase } from '@parcours/shared';
import * as graph from './graph.ts';
import type { Clipboard, Connection, XY } from './graph.ts';

export interface Selection {
  nodes: string[];
  edges: string[];
}

const EMPTY_SELECTION: Selection = { nodes: [], edges: [] };

export interface EditorState {
  /** The scenario being edited (the shared `Scenario` shape, possibly with fields still invalid). */
  scenario: Scenario | null;
  /** An old published version is shown read-only: every edit is refused. */
  readOnly: boolean;
  selection: Selection;
  /** Positions while a drag is under way; committed to the scenario (one undo step) when it ends. */
  dragging: Record<string, XY> | null;
  clipboard: Clipboard | null;
  /** Counts clicks on nodes, so that clicking the node already selected still brings its panel forward. */
  nodeClicks: number;

  load(scenario: Scenario, options?: { readOnly?: boolean }): void;
  unload(): void;
  addNode(type: NodeType, position: XY): string | null;
  addNodeAfter(type: NodeType, position: XY, from: Omit<Connection, 'target'>): string | null;
  insertOnEdge(edgeId: string, type: NodeType): string | null;
  connect(c: Connection): void;
  deleteSelection(): void;
  deleteElements(nodes: string[], edges: string[]): void;
  updateConfig(nodeId: string, config: unknown): void;
  updateLabel(nodeId: string, label: string): void;
  rename(name: string): void;
  describe(description: string): void;
  updateSettings(settings: Settings): void;
  setTemplates(templates: Template[]): void;
  /** Saves a template (adding it if new) and makes it the node's, in one undo step. */
  writeTemplate(nodeId: string, template: Template): void;
  clickNode(): void;
  setTests(tests: TestCase[]): void;
  select(selection: Partial<Selection>): void;
  dragTo(positions: Record<string, XY>): void;
  endDrag(): void;
  moveNodes(positions: Record<string, XY>): void;
  copySelection(): void;
  /** Pastes the clipboard at a canvas point (the pointer's), by default just beside the copied nodes. */
  paste(at?: XY): void;
}

/** Only the scenario is history: selection, drags in flight and the clipboard are not undone. */
type Tracked = Pick<EditorState, 'scenario'>;

/** Typing in a field is one undo step, not one per key: edits of the same thing within this delay merge. */
export const COALESCE_MS = 1000;
let lastEdit: { key: string; at: number } | null = null;

export const useEditor = create<EditorState>()(
  temporal(
    (set, get) => {
      /**
       * Applies a pure edit to the scenario unless there is none or it is read-only. Edits with the same
       * `coalesce` key in quick succession extend the previous history step instead of adding one.
       */
      const edit = (fn: (s: Scenario) => Scenario, coalesce?: string) => {
        const { scenario, readOnly } = get();
        if (!scenario || readOnly) return;
        const next = fn(scenario);
        if (next === scenario) return;
        const now = Date.now();
        const merge = coalesce !== undefined && lastEdit?.key === coalesce && now - lastEdit.at < COALESCE_MS;
        lastEdit = coalesce === undefined ? null : { key: coalesce, at: now };
        const history = useEditor.temporal.getState();
        if (merge) history.pause();
        set({ scenario: next });
        if (merge) history.resume();
      };
      return {
        scenario: null,
        readOnly: false,
        selection: EMPTY_SELECTION,
        dragging: null,
        clipboard: null,
        nodeClicks: 0,

        load(scenario, options) {
          lastEdit = null;
          set({ scenario, readOnly: options?.readOnly ?? false, selection: EMPTY_SELECTION, dragging: null });
          useEditor.temporal.getState().clear();
        },
        unload() {
          set({ scenario: null, selection: EMPTY_SELECTION, dragging: null });
          useEditor.temporal.getState().clear();
        },
        addNode(type, position) {
          const { scenario, readOnly } = get();
          if (!scenario || readOnly) return null;
          const added = graph.addNode(scenario, type, position);
          set({ scenario: added.scenario, selection: { nodes: [added.id], edges: [] } });
          return added.id;
        },
        addNodeAfter(type, position, from) {
          const { scenario, readOnly } = get();
          if (!scenario || readOnly) return null;
          const added = graph.addNodeAfter(scenario, type, position, from);
          set({ scenario: added.scenario, selection: { nodes: [added.id], edges: [] } });
          return added.id;
        },
        insertOnEdge(edgeId, type) {
          const { scenario, readOnly } = get();
          if (!scenario || readOnly) return null;
          const inserted = graph.insertOnEdge(scenario, edgeId, type);
          if (!inserted) return null;
          set({ scenario: inserted.scenario, selection: { nodes: [inserted.id], edges: [] } });
          return inserted.id;
        },
        connect: (c) => edit((s) => graph.connect(s, c)),
        deleteSelection() {
          const { nodes, edges } = get().selection;
          get().deleteElements(nodes, edges);
        },
        deleteElements(nodes, edges) {
          if (get().readOnly) return;
          edit((s) => graph.deleteElements(s, nodes, edges));
          set({ selection: EMPTY_SELECTION });
        },
        updateConfig: (nodeId, config) => edit((s) => graph.updateConfig(s, nodeId, config), `config:${nodeId}`),
        updateLabel: (nodeId, label) => edit((s) => graph.updateLabel(s, nodeId, label), `label:${nodeId}`),
        rename: (name) => edit((s) => (s.name === name ? s : { ...s, name }), 'name'),
        describe: (description) => edit((s) => ({ ...s, description: description || undefined }), 'description'),
        updateSettings: (settings) => edit((s) => ({ ...s, settings }), 'settings'),
        setTemplates: (templates) => edit((s) => ({ ...s, templates }), 'templates'),
        writeTemplate: (nodeId, template) => edit((s) => graph.writeTemplate(s, nodeId, template), `template:${template.id}`),
        clickNode: () => set({ nodeClicks: get().nodeClicks + 1 }),
        setTests: (tests) => edit((s) => ({ ...s, tests })),
        select(selection) {
          set({ selection: { ...get().selection, ...selection } });
        },
        dragTo(positions) {
          if (get().readOnly) return;
          set({ dragging: { ...get().dragging, ...positions } });
        },
        endDrag() {
          const moved = get().dragging;
          set({ dragging: null });
          if (moved) edit((s) => graph.moveNodes(s, moved));
        },
        moveNodes: (positions) => edit((s) => graph.moveNodes(s, positions)),
        copySelection() {
          const { scenario, selection } = get();
          if (scenario && selection.nodes.length > 0) set({ clipboard: graph.copy(scenario, selection.nodes) });
        },
        paste(at) {
          const { scenario, clipboard, readOnly } = get();
          if (!scenario || !clipboard || readOnly || clipboard.nodes.length === 0) return;
          const offset = at ? graph.atPointOffset(clipboard, at) : graph.besideOffset(clipboard);
          const pasted = graph.paste(scenario, clipboard, offset);
          set({ scenario: pasted.scenario, selection: { nodes: pasted.ids, edges: [] } });
          // A second paste lands further along, not on top of the first.
          set({ clipboard: { ...clipboard, nodes: clipboard.nodes.map((n) => ({ ...n, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } })) } });
        },
      };
    },
    {
      partialize: (state): Tracked => ({ scenario: state.scenario }),
      equality: (past, current) => past.scenario === current.scenario,
      limit: 200,
    },
  ),
);

export const undo = () => {
  lastEdit = null;
  if (!useEditor.getState().readOnly) useEditor.temporal.getState().undo();
  pruneSelection();
};
export const redo = () => {
  lastEdit = null;
  if (!useEditor.getState().readOnly) useEditor.temporal.getState().redo();
  pruneSelection();
};

/** After undo/redo the selection may name nodes that no longer exist. */
function pruneSelection() {
  const { scenario, selection } = useEditor.getState();
  if (!scenario) return;
  const nodes = new Set(scenario.nodes.map((n) => n.id));
  const edges = new Set(scenario.edges.map((e) => e.id));
  const kept = { nodes: selection.nodes.filter((id) => nodes.has(id)), edges: selection.edges.filter((id) => edges.has(id)) };
  if (kept.nodes.length !== selection.nodes.length || kept.edges.length !== selection.edges.length) {
    useEditor.setState({ selection: kept });
  }
}

export function useHistory() {
  const canUndo = useStore(useEditor.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(useEditor.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}
