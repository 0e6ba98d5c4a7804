import { useRef, useState } from 'react';
import { formatPath, validateScenario } from '@parcours/shared';
import type { ScenarioDetail } from '@parcours/shared';
import { api } from '../api/client.ts';
import { ApiError, describeError, type ApiIssue } from '../api/errors.ts';
import { readJsonFile } from './files.ts';
import { asCopy } from './copies.ts';
import { useTranslation } from '../i18n/index.ts';
import { problemText } from '../i18n/problems.ts';

/** What an import did: made a new scenario (or a copy), replaced an existing draft, or put that draft back (undo). */
export type ImportOutcome = 'created' | 'replaced' | 'restored';

/** A valid file whose id is already taken, waiting for the marketer's answer. */
interface Clash {
  json: Record<string, unknown>;
  /** The file's own scenario name. */
  name: string;
  existing: { id: string; name: string };
  taken: Set<string>;
}

/**
 * Imports a scenario JSON file. Shape errors are shown located (path and node) before anything is sent;
 * a scenario with graph errors is imported and its errors are then marked on the canvas. When a scenario with the
 * file's id exists, asks first: replace its draft (with an "Undo" that puts the previous draft back) or import the
 * file as a copy beside it.
 */
export function ImportButton(props: {
  onImported: (detail: ScenarioDetail, outcome: ImportOutcome) => void;
  /** Runs before anything is read from the server (e.g. saving pending edits, so "Undo" restores them). */
  beforeImport?: () => Promise<void>;
  className?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [issues, setIssues] = useState<{ title: string; items: ApiIssue[] } | null>(null);
  const [clash, setClash] = useState<Clash | null>(null);
  const [undo, setUndo] = useState<{ name: string; previous: ScenarioDetail } | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setIssues(null);
    try {
      await work();
    } catch (e) {
      if (e instanceof ApiError && e.issues.length) setIssues({ title: e.message, items: e.issues });
      else setIssues({ title: describeError(e), items: [] });
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const importFile = (file: File) =>
    attempt(async () => {
      const json = await readJsonFile(file);
      const local = validateScenario(json);
      if (!local.scenario) {
        setIssues({ title: t('importScenario.notValid', { file: file.name }), items: local.errors });
        return;
      }
      setUndo(null);
      await props.beforeImport?.();
      const { items } = await api.listScenarios();
      const existing = items.find((s) => s.id === local.scenario!.id);
      if (existing) setClash({ json: json as Record<string, unknown>, name: local.scenario.name, existing, taken: new Set(items.map((s) => s.id)) });
      else props.onImported(await api.importScenario(json), 'created');
    });

  const replace = ({ json, existing }: Clash) =>
    attempt(async () => {
      setClash(null);
      const previous = await api.getScenario(existing.id);
      props.onImported(await api.importScenario(json), 'replaced');
      setUndo({ name: existing.name, previous });
    });

  const importAsCopy = ({ json, name, existing, taken }: Clash) =>
    attempt(async () => {
      setClash(null);
      props.onImported(await api.importScenario(asCopy({ ...json, id: existing.id, name }, taken)), 'created');
    });

  const restore = (previous: ScenarioDetail) =>
    attempt(async () => {
      setUndo(null);
      props.onImported(await api.saveDraft(previous.id, previous.draft), 'restored');
    });

  return (
    <>
      <button type="button" className={props.className} disabled={busy} onClick={() => input.current?.click()}>
        {busy ? t('importScenario.importing') : (props.label ?? t('importScenario.button'))}
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
      {clash && (
        <div className="modal-backdrop" onClick={() => setClash(null)}>
          <div className="modal card" role="dialog" aria-label={t('importScenario.existsLabel')} onClick={(e) => e.stopPropagation()}>
            <h3>{t('importScenario.existsTitle')}</h3>
            <p>{t('importScenario.existsText', { name: clash.existing.name, id: clash.existing.id })}</p>
            <div className="row">
              <button type="button" className="primary" onClick={() => void replace(clash)}>
                {t('importScenario.replace')}
              </button>
              <button type="button" onClick={() => void importAsCopy(clash)}>
                {t('importScenario.copy')}
              </button>
              <button type="button" onClick={() => setClash(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </div>
        </div>
      )}
      {undo && (
        <div className="toast" role="status">
          <span>{t('importScenario.replaced', { name: undo.name })}</span>
          <button type="button" onClick={() => void restore(undo.previous)}>
            {t('importScenario.undo')}
          </button>
          <button type="button" className="link" onClick={() => setUndo(null)} aria-label={t('importScenario.dismiss')}>
            ×
          </button>
        </div>
      )}
      {issues && (
        <div className="modal-backdrop" onClick={() => setIssues(null)}>
          <div className="modal card" role="alertdialog" aria-label={t('importScenario.failed')} onClick={(e) => e.stopPropagation()}>
            <h3>{t('importScenario.failed')}</h3>
            <p>{issues.title}</p>
            {issues.items.length > 0 && (
              <ul className="issues">
                {issues.items.map((i, n) => (
                  <li key={n}>
                    {i.path && i.path.length > 0 && <code>{formatPath(i.path)}</code>} {i.nodeId && <span className="chip">{t('importScenario.node', { id: i.nodeId })}</span>} {problemText(i)}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" onClick={() => setIssues(null)}>
              {t('common.close')}
            </button>
          </div>
        </div>
      )}
    </>
  );
}
