import { useRef, useState } from 'react';
import { formatPath, validateScenario } from '@parcours/shared';
import type { ScenarioDetail } from '@parcours/shared';
import { api } from '../api/client.ts';
import { ApiError, describeError, type ApiIssue } from '../api/errors.ts';
import { readJsonFile } from './files.ts';

/**
 * Imports a scenario JSON file. Shape errors are shown located (path and node) before anything is sent;
 * a scenario with graph errors is imported and its errors are then marked on the canvas.
 */
export function ImportButton(props: { onImported: (detail: ScenarioDetail) => void; className?: string; label?: string }) {
  const input = useRef<HTMLInputElement>(null);
  const [issues, setIssues] = useState<{ title: string; items: ApiIssue[] } | null>(null);
  const [busy, setBusy] = useState(false);

  const importFile = async (file: File) => {
    setBusy(true);
    setIssues(null);
    try {
      const json = await readJsonFile(file);
      const local = validateScenario(json);
      if (!local.scenario) {
        setIssues({ title: `${file.name} is not a valid scenario; nothing was imported.`, items: local.errors });
        return;
      }
      props.onImported(await api.importScenario(json));
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setIssues({ title: e.message, items: e.issues });
      else setIssues({ title: describeError(e), items: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <>
      <button type="button" className={props.className} disabled={busy} onClick={() => input.current?.click()}>
        {busy ? 'Importing…' : (props.label ?? 'Import JSON')}
      </button>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="import-file"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void importFile(f);
        }}
      />
      {issues && (
        <div className="modal-backdrop" onClick={() => setIssues(null)}>
          <div className="modal card" role="alertdialog" aria-label="Import failed" onClick={(e) => e.stopPropagation()}>
            <h3>Import failed</h3>
            <p>{issues.title}</p>
            {issues.items.length > 0 && (
              <ul className="issues">
                {issues.items.map((i, n) => (
                  <li key={n}>
                    {i.path && i.path.length > 0 && <code>{formatPath(i.path)}</code>} {i.nodeId && <span className="chip">node {i.nodeId}</span>} {i.message}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => setIssues(null)}>
              Close
            </button>
          </div>
        </div>
      )}
    </>
  );
}
