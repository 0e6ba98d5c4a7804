import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { Autosaver, backup, type SaveStatus } from './autosave.ts';
import { useEditor } from './store.ts';

/**
 * Saves the draft being edited: every change of the store's scenario schedules a debounced PUT; edits left
 * unsaved by an earlier visit are saved at once; leaving with unsaved edits asks for confirmation.
 */
export function useAutosave(scenarioId: string, enabled: boolean): { status: SaveStatus; flush: () => Promise<void> } {
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved', at: null });
  const saver = useRef<Autosaver | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const s = new Autosaver(scenarioId, (draft) => api.saveDraft(scenarioId, draft), setStatus);
    saver.current = s;
    if (backup.read(scenarioId)) s.schedule(useEditor.getState().scenario!);
    const unsubscribe = useEditor.subscribe((state, prev) => {
      if (state.scenario && prev.scenario && state.scenario !== prev.scenario) s.schedule(state.scenario);
    });
    const warn = (e: BeforeUnloadEvent) => {
      if (s.current.state !== 'saved') e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      unsubscribe();
      window.removeEventListener('beforeunload', warn);
      void s.flush().catch(() => undefined);
      s.dispose();
      saver.current = null;
    };
  }, [scenarioId, enabled]);
  const flush = useCallback(async () => {
    await saver.current?.flush();
  }, []);
  return { status, flush };
}
