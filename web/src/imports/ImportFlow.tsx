import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ATTRIBUTE_TYPES, MESSAGE_CHANNELS, type ImportView } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { channelName } from '../i18n/channels.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatOf, guessChoices, mappingOf, previewFile, type ColumnChoice, type ColumnUse, type Delimiter, type FilePreview } from './preview.ts';

const USES: ColumnUse[] = ['attribute', 'id', 'email', 'consent', 'ignore'];
const DELIMITERS: Delimiter[] = [',', ';', '\t', '|'];

/**
 * Contacts → Import: choose a CSV or JSON lines file, see its first rows, map each column (key, typed
 * attribute, consent with its source, or ignored), check it (a dry run: errors by line and column), then
 * import it and follow its progress.
 */
export function ImportFlow({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const declared = useQuery({ queryKey: ['declared-attributes'], queryFn: api.declaredAttributes });
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<FilePreview>();
  const [choices, setChoices] = useState<ColumnChoice[]>([]);
  const [readError, setReadError] = useState<string>();
  const [importId, setImportId] = useState<string>();

  const load = async (chosen: File, format = formatOf(chosen.name), delimiter?: Delimiter) => {
    setReadError(undefined);
    setImportId(undefined);
    try {
      const next = await previewFile(chosen, format, delimiter);
      setPreview(next);
      setChoices(guessChoices(next, new Map((declared.data?.attributes ?? []).map((a) => [a.name, a.type]))));
    } catch (error) {
      setPreview(undefined);
      setReadError(t('imports.unreadable', { message: (error as Error).message }));
    }
  };

  const run = useMutation({
    mutationFn: (dryRun: boolean) => api.startImport(file!, mappingOf(preview!, choices), dryRun),
    onSuccess: (result) => setImportId(result.id),
  });
  // While the file uploads, the newest import (this one, being read) shows how far the server got.
  const reading = useQuery({ queryKey: ['imports', 'latest'], queryFn: () => api.imports(1), enabled: run.isPending, refetchInterval: 1000 });
  const status = useQuery({
    queryKey: ['import', importId],
    queryFn: () => api.importStatus(importId!),
    enabled: importId !== undefined,
    refetchInterval: (query) => (query.state.data?.status === 'applying' ? 1000 : false),
  });
  const result = status.data ?? run.data;
  // The imported contacts show in the list once they are all written.
  const done = result?.status === 'done';
  useEffect(() => {
    if (done) void queryClient.invalidateQueries({ queryKey: ['contacts'] });
  }, [done, queryClient]);

  const update = (i: number, change: Partial<ColumnChoice>) =>
    setChoices((list) => list.map((c, j) => (j === i ? { ...c, ...change } : change.use === 'id' || change.use === 'email' ? (c.use === change.use ? { ...c, use: 'ignore' } : c) : c)));
  const hasKey = choices.some((c) => c.use === 'id' || c.use === 'email');
  const inProgress = run.isPending || result?.status === 'applying';

  return (
    <div className="import-flow" data-testid="import-flow">
      <header className="page-head">
        <h2>{t('imports.title')}</h2>
        <button type="button" className="link" onClick={onClose}>
          {t('imports.close')}
        </button>
      </header>
      <p className="muted small">{t('imports.intro')}</p>
      <label>
        {t('imports.file')}{' '}
        <input
          type="file"
          accept=".csv,.txt,.jsonl,.ndjson,text/csv"
          aria-label={t('imports.file')}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            setFile(chosen);
            if (chosen) void load(chosen);
          }}
        />
      </label>
      {readError && <div className="callout error">{readError}</div>}
      {file && preview && (
        <>
          <div className="row">
            <label>
              {t('imports.format')}{' '}
              <select value={preview.format} onChange={(e) => void load(file, e.target.value as FilePreview['format'])}>
                <option value="csv">CSV</option>
                <option value="jsonl">{t('imports.jsonLines')}</option>
              </select>
            </label>
            {preview.format === 'csv' && (
              <label>
                {t('imports.delimiter')}{' '}
                <select value={preview.delimiter} onChange={(e) => void load(file, 'csv', e.target.value as Delimiter)}>
                  {DELIMITERS.map((d) => (
                    <option key={d} value={d}>
                      {d === '\t' ? t('imports.tab') : d}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
          <h3>{t('imports.preview')}</h3>
          <div className="import-scroll">
            <table className="table import-table" data-testid="import-preview">
              <thead>
                <tr>
                  {preview.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row, i) => (
                  <tr key={i}>
                    {preview.columns.map((c, j) => (
                      <td key={c}>{row[j] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('imports.mapping')}</h3>
          <table className="table import-table" data-testid="import-mapping">
            <thead>
              <tr>
                <th>{t('imports.column')}</th>
                <th>{t('imports.use')}</th>
                <th>{t('imports.details')}</th>
              </tr>
            </thead>
            <tbody>
              {choices.map((choice, i) => (
                <tr key={choice.column}>
                  <td>{choice.column}</td>
                  <td>
                    <select aria-label={t('imports.useOf', { column: choice.column })} value={choice.use} onChange={(e) => update(i, { use: e.target.value as ColumnUse })}>
                      {USES.map((use) => (
                        <option key={use} value={use}>
                          {t(`imports.uses.${use}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {choice.use === 'attribute' && (
                      <span className="row">
                        <input aria-label={t('imports.attributeOf', { column: choice.column })} value={choice.attribute} onChange={(e) => update(i, { attribute: e.target.value })} />
                        <select aria-label={t('imports.typeOf', { column: choice.column })} value={choice.type} onChange={(e) => update(i, { type: e.target.value as ColumnChoice['type'] })}>
                          {ATTRIBUTE_TYPES.map((type) => (
                            <option key={type} value={type}>
                              {t(`attributes.types.${type}`)}
                            </option>
                          ))}
                        </select>
                      </span>
                    )}
                    {choice.use === 'consent' && (
                      <span className="row">
                        <select aria-label={t('imports.channelOf', { column: choice.column })} value={choice.channel} onChange={(e) => update(i, { channel: e.target.value as ColumnChoice['channel'] })}>
                          {MESSAGE_CHANNELS.map((channel) => (
                            <option key={channel} value={channel}>
                              {channelName(channel)}
                            </option>
                          ))}
                        </select>
                        <input
                          aria-label={t('imports.sourceOf', { column: choice.column })}
                          placeholder={t('imports.sourcePlaceholder')}
                          value={choice.source}
                          onChange={(e) => update(i, { source: e.target.value })}
                        />
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {!hasKey && <div className="callout">{t('imports.needKey')}</div>}
          <div className="row">
            <button type="button" disabled={!hasKey || inProgress} onClick={() => run.mutate(true)}>
              {t('imports.check')}
            </button>
            <button type="button" className="primary" disabled={!hasKey || inProgress} onClick={() => run.mutate(false)}>
              {t('imports.start')}
            </button>
          </div>
        </>
      )}
      {run.isPending && (
        <p className="loading" data-testid="import-reading">
          {t('imports.reading', { read: reading.data?.items[0]?.status === 'reading' ? reading.data.items[0].progress.read : 0 })}
        </p>
      )}
      {run.error && <div className="callout error">{describeError(run.error)}</div>}
      {result && !run.isPending && <ImportReport view={result} />}
    </div>
  );
}

/** Where an import stands: its outcome, its counts, its progress while applying, and its errors by line. */
function ImportReport({ view }: { view: ImportView }) {
  const { t } = useTranslation();
  const p = view.progress;
  return (
    <section data-testid="import-report" className="import-report">
      <div className={`callout ${view.status === 'failed' ? 'error' : 'ok'}`}>{t(`imports.status.${view.status}`, { count: view.errors.total, valid: p.valid })}</div>
      <p>{t('imports.counts', { read: p.read, valid: p.valid, invalid: p.invalid })}</p>
      {(view.status === 'applying' || view.status === 'done') && (
        <>
          <progress max={Math.max(1, p.valid)} value={p.written} aria-label={t('imports.progress')} />
          <p>{t('imports.written', { written: p.written, valid: p.valid, created: p.created, updated: p.updated, unchanged: p.unchanged })}</p>
          {p.withdrawalsKept > 0 && <p className="muted">{t('imports.withdrawalsKept', { count: p.withdrawalsKept })}</p>}
        </>
      )}
      {view.errors.items.length > 0 && (
        <table className="table import-table" data-testid="import-errors">
          <thead>
            <tr>
              <th>{t('imports.line')}</th>
              <th>{t('imports.column')}</th>
              <th>{t('imports.message')}</th>
            </tr>
          </thead>
          <tbody>
            {view.errors.items.map((e, i) => (
              <tr key={i}>
                <td>{e.line}</td>
                <td>{e.column ?? t('imports.wholeRow')}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.errors.total > view.errors.items.length && <p className="muted small">{t('imports.moreErrors', { shown: view.errors.items.length, total: view.errors.total })}</p>}
    </section>
  );
}
