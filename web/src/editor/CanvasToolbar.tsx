import { redo, undo, useEditor, useHistory } from './store.ts';
import { useTranslation } from '../i18n/index.ts';

const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';

export function CanvasToolbar(props: { onLayout: () => void; onFit: () => void }) {
  const { t } = useTranslation();
  const { canUndo, canRedo } = useHistory();
  const readOnly = useEditor((s) => s.readOnly);
  const hasSelection = useEditor((s) => s.selection.nodes.length + s.selection.edges.length > 0);
  return (
    <div className="toolbar" role="toolbar" aria-label={t('canvas.toolbar')}>
      <button type="button" onClick={undo} disabled={!canUndo || readOnly} title={t('canvas.undoKey', { key: `${mod}Z` })} aria-label={t('canvas.undo')}>
        ↶
      </button>
      <button type="button" onClick={redo} disabled={!canRedo || readOnly} title={t('canvas.redoKey', { key: `${mod}Shift+Z` })} aria-label={t('canvas.redo')}>
        ↷
      </button>
      <span className="sep" />
      <button type="button" onClick={() => useEditor.getState().deleteSelection()} disabled={!hasSelection || readOnly} title={t('canvas.deleteKey')} aria-label={t('canvas.delete')}>
        🗑
      </button>
      <button type="button" onClick={props.onLayout} disabled={readOnly} title={t('canvas.layoutHint')}>
        {t('canvas.layout')}
      </button>
      <button type="button" onClick={() => props.onFit()} title={t('canvas.fitHint')}>
        {t('canvas.fit')}
      </button>
    </div>
  );
}
