import { useEffect } from 'react';
import { redo, undo, useEditor } from './store.ts';

/** Is the key meant for a form field rather than for the canvas? */
function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Editor shortcuts: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Ctrl/⌘+C/V copy/paste (at the pointer when it is over empty canvas), Ctrl/⌘+A select all,
 * Escape clears the selection, F zooms to fit, L lays out. Delete/Backspace are React Flow's own.
 */
export function useShortcuts(actions: { layout: () => void; fit: () => void; paste: () => void }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const store = useEditor.getState();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        redo();
      } else if (mod && key === 'c') {
        store.copySelection();
      } else if (mod && key === 'v') {
        e.preventDefault();
        actions.paste();
      } else if (mod && key === 'a') {
        e.preventDefault();
        store.select({ nodes: store.scenario?.nodes.map((n) => n.id) ?? [], edges: [] });
      } else if (key === 'escape') {
        store.select({ nodes: [], edges: [] });
      } else if (!mod && !e.altKey && key === 'f') {
        actions.fit();
      } else if (!mod && !e.altKey && key === 'l' && !store.readOnly) {
        actions.layout();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}
