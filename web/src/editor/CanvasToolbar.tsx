import { redo, undo, useEditor, useHistory } from './store.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

export function CanvasToolbar(props: { onLayout: () => void; onFit: () => void }) {
  const { canUndo, canRedo } = useHistory();
  const readOnly = useEditor((s) => s.readOnly);
  const hasSelection = useEditor((s) => s.selection.nodes.length + s.selection.edges.length > 0);
  return (
    <div className="toolbar" role="toolbar" aria-label="Canvas">
      <button type="button" onClick={undo} disabled={!canUndo || readOnly} title={`Undo (${mod}Z)`} aria-label="Undo">
        ↶
      </button>
      <button type="button" onClick={redo} disabled={!canRedo || readOnly} title={`Redo (${mod}Shift+Z)`} aria-label="Redo">
        ↷
      </button>
      <span className="sep" />
      <button type="button" onClick={() => useEditor.getState().deleteSelection()} disabled={!hasSelection || readOnly} title="Delete selection (Del)" aria-label="Delete selection">
        🗑
      </button>
      <button type="button" onClick={props.onLayout} disabled={readOnly} title="Tidy up: automatic layout (L)">
        Auto layout
      </button>
      <button type="button" onClick={() => props.onFit()} title="Zoom to fit (F)">
        Fit
      </button>
    </div>
  );
}
