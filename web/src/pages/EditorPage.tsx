import { useCallback, useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { draftDiffersFromLive, type NodeType, type Scenario } from '@parcours/shared';
import type { ScenarioDetail } from '@parcours/shared';
import { api } from '../api/client.ts';
import { ApiError, describeError } from '../api/errors.ts';
import { backup, type SaveStatus } from '../editor/autosave.ts';
import { useAutosave } from '../editor/useAutosave.ts';
import { useLiveStats } from '../editor/useLiveStats.ts';
import { Canvas } from '../editor/Canvas.tsx';
import { Palette } from '../editor/Palette.tsx';
import { ProblemsList } from '../editor/ProblemsList.tsx';
import { useEditor } from '../editor/store.ts';
import { problemsOf } from '../editor/validation.ts';
import { Inspector } from '../editor/Inspector.tsx';
import { ImportButton } from '../editor/ImportButton.tsx';
import { ForecastButton } from '../editor/ForecastPanel.tsx';
import { downloadJson } from '../editor/files.ts';
import { SEGMENTS_QUERY } from '../segments/queries.ts';
import { HistoryPanel } from '../history/HistoryPanel.tsx';
import { href, navigate } from '../router.ts';
import { forgetSimulations } from '../simulation/SimulationPanel.tsx';
import { FailingCasesDialog, failingCasesOf } from '../simulation/FailingCasesDialog.tsx';
import type { ApiIssue } from '../api/errors.ts';
import { PublishDialog } from '../editor/PublishDialog.tsx';
import type { InFlightRequest } from '../move/InFlightChoice.tsx';
import { ReviewBar } from '../review/ReviewBar.tsx';
import { useCan } from '../people/session.ts';
import { Trans, useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';

/** The editor of one scenario's draft, or the read-only view of one published version. */
export function EditorPage(props: { id: string; version?: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const detail = useQuery({ queryKey: ['scenario', props.id], queryFn: () => api.getScenario(props.id) });
  const version = useQuery({
    queryKey: ['scenario', props.id, 'version', props.version],
    queryFn: () => api.version(props.id, props.version!),
    enabled: props.version !== undefined,
    staleTime: Infinity,
  });
  const loaded = useEditor((s) => s.scenario);
  const load = useEditor((s) => s.load);
  const viewing = props.version !== undefined;
  // A viewer reads the draft as a published version is read: nothing on the canvas moves; so does anyone a message
  // campaign's own journey (it changes through its campaign).
  const readOnly = viewing || !can('editor') || detail.data?.campaign !== undefined;
  const source = viewing ? version.data?.scenario : detail.data?.draft;

  const ready = source !== undefined;
  useEffect(() => {
    if (!source) return;
    // Unsaved edits left by a lost connection or a closed tab win over the server's draft.
    const unsaved = readOnly ? null : backup.read(props.id);
    // A draft may hold incomplete nodes, as the editor's own starters do; validation flags them on the nodes.
    load(unsaved ?? (source as Scenario), { readOnly });
    return () => {
      useEditor.getState().unload();
      forgetSimulations();
    };
    // Loaded once per page (the page is keyed by scenario and version): a refetch must not overwrite edits.
  }, [ready]);

  const failed = (viewing ? version.error : null) ?? detail.error;
  if (failed) {
    return (
      <div className="page">
        <div className="callout error" role="alert">
          {describeError(failed)}
        </div>
        <a href="#/scenarios">{t('editor.back')}</a>
      </div>
    );
  }
  if (!loaded || !detail.data || (viewing && !version.data)) return <div className="page loading">{t('editor.loading')}</div>;
  return (
    <ReactFlowProvider>
      <Editor scenario={loaded} detail={detail.data} version={props.version} />
    </ReactFlowProvider>
  );
}

function Editor(props: { scenario: Scenario; detail: ScenarioDetail; version?: number }) {
  const { scenario, detail } = props;
  const { t } = useTranslation();
  const can = useCan();
  const viewing = props.version !== undefined;
  const owner = detail.campaign;
  const readOnly = viewing || !can('editor') || owner !== undefined;
  const queryClient = useQueryClient();
  const flow = useReactFlow();
  const attributes = useQuery({ queryKey: ['attributes'], queryFn: api.attributes, enabled: !readOnly });
  const segments = useQuery({ queryKey: SEGMENTS_QUERY, queryFn: api.segments, enabled: scenario.nodes.some((n) => n.type === 'entry.membership') });
  const segmentIds = useMemo(() => segments.data?.items.map((s) => s.id), [segments.data]);
  const problems = useMemo(() => problemsOf(scenario, attributes.data, segmentIds), [scenario, attributes.data, segmentIds]);
  const [publishing, setPublishing] = useState(false);
  // The note typed in the publish dialog, kept for "Publish anyway" after failing cases.
  const [note, setNote] = useState('');
  // The last publish's choice for the contacts in flight, kept like the note for "publish anyway".
  const [inFlight, setInFlight] = useState<InFlightRequest>();
  const [history, setHistory] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  // Saved test cases that fail: publishing waits for "Publish anyway".
  const [failingCases, setFailingCases] = useState<ApiIssue[] | null>(null);
  // A live scenario opens with its counts on the nodes.
  const [liveCounts, setLiveCounts] = useState(detail.status === 'live');

  const autosave = useAutosave(detail.id, !readOnly);

  const allScenarios = useQuery({ queryKey: ['scenarios'], queryFn: api.listScenarios });
  const versions = useQuery({ queryKey: ['scenario', detail.id, 'versions'], queryFn: () => api.versions(detail.id) });
  const latest = versions.data?.items.reduce((m, v) => Math.max(m, v.version), 0) || detail.latestVersion || null;
  const statsVersion = props.version ?? latest;
  const statsError = useLiveStats(detail.id, statsVersion, liveCounts);
  // Whether the draft differs from the latest published version: what "Publish" would change.
  const published = useQuery({
    queryKey: ['scenario', detail.id, 'version', latest],
    queryFn: () => api.version(detail.id, latest!),
    enabled: !viewing && latest !== null,
    staleTime: Infinity,
  });
  // Positions alone are not a change: auto layout or a moved card leaves nothing to publish.
  const unpublished = useMemo(() => published.data !== undefined && draftDiffersFromLive(published.data.scenario, scenario), [published.data, scenario]);
  const nothingToPublish = detail.status === 'live' && published.data !== undefined && !unpublished;

  const openPublish = async () => {
    setNotice(null);
    try {
      await autosave.flush();
      setPublishing(true);
    } catch (e) {
      setNotice({ kind: 'error', text: describeError(e) });
    }
  };

  const publish = async (override = false, withNote = note, moving = inFlight) => {
    setNotice(null);
    setFailingCases(null);
    setPublishing(false);
    setNote(withNote);
    setInFlight(moving);
    try {
      await autosave.flush();
      const { version, failingCases: overridden = [], moved } = await api.publish(detail.id, { override, ...(withNote.trim() ? { note: withNote.trim() } : {}), ...moving });
      const published = overridden.length > 0 ? t('editor.publishedDespite', { version, count: overridden.length }) : t('editor.published', { version });
      setNotice({ kind: 'ok', text: moved === undefined ? published : `${published} ${t('move.moved', { count: moved, version })}` });
      await queryClient.invalidateQueries({ queryKey: ['scenario', detail.id] });
      await queryClient.invalidateQueries({ queryKey: ['scenarios'] });
    } catch (e) {
      const failing = failingCasesOf(e);
      if (failing) return setFailingCases(failing);
      setNotice({ kind: 'error', text: e instanceof ApiError && e.status === 422 ? t('editor.cannotPublish', { reason: describeError(e) }) : describeError(e) });
    }
  };

  const exportJson = async () => {
    setNotice(null);
    try {
      if (viewing) return downloadJson(`${detail.id}-v${props.version}.json`, scenario);
      await autosave.flush();
      downloadJson(`${detail.id}.json`, await api.exportScenario(detail.id));
    } catch (e) {
      setNotice({ kind: 'error', text: describeError(e) });
    }
  };

  const restore = async () => {
    try {
      await api.saveDraft(detail.id, scenario);
      await queryClient.invalidateQueries({ queryKey: ['scenario', detail.id] });
      navigate({ page: 'editor', id: detail.id });
    } catch (e) {
      setNotice({ kind: 'error', text: describeError(e) });
    }
  };

  const jump = useCallback(
    (at: { node?: string; edge?: string }) => {
      const store = useEditor.getState();
      store.select({ nodes: at.node ? [at.node] : [], edges: at.edge ? [at.edge] : [] });
      const id = at.node ?? store.scenario?.edges.find((e) => e.id === at.edge)?.source;
      const n = id ? flow.getNode(id) : undefined;
      if (n) void flow.setCenter(n.position.x + (n.measured?.width ?? 240) / 2, n.position.y + (n.measured?.height ?? 90) / 2, { zoom: 1, duration: 300 });
    },
    [flow],
  );

  const addAtCentre = (type: NodeType) => {
    const el = document.querySelector('.canvas')?.getBoundingClientRect();
    const p = flow.screenToFlowPosition({ x: (el?.left ?? 0) + (el?.width ?? 800) / 2, y: (el?.top ?? 0) + (el?.height ?? 600) / 2 });
    useEditor.getState().addNode(type, { x: p.x - 120, y: p.y - 40 });
  };

  return (
    <div className="editor">
      <header className="editor-head">
        <a href="#/scenarios" className="back" aria-label={t('editor.allScenarios')}>
          ←
        </a>
        <div className="editor-title">
          <h1>{scenario.name}</h1>
          <span className={`chip status-${detail.status}`}>{viewing ? t('editor.readOnlyChip', { version: props.version! }) : t(`status.${detail.status}`)}</span>
          {unpublished && <span className="unpublished">{t('editor.unpublished')}</span>}
          {!readOnly && <SaveIndicator status={autosave.status} />}
        </div>
        <div className="editor-actions">
          <select
            aria-label={t('editor.version')}
            value={props.version ?? 'draft'}
            onChange={(e) => navigate({ page: 'editor', id: detail.id, version: e.target.value === 'draft' ? undefined : Number(e.target.value) })}
          >
            <option value="draft">{t('editor.draft')}</option>
            {(versions.data?.items ?? [])
              .slice()
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <option key={v.version} value={v.version}>
                  {t('editor.versionOption', { version: v.version, when: formatWhen(v.publishedAt) })}
                </option>
              ))}
          </select>
          {statsVersion !== null && (
            <label className="switch" title={t('editor.liveCountsHint', { version: statsVersion })}>
              <input type="checkbox" checked={liveCounts} onChange={(e) => setLiveCounts(e.target.checked)} /> {t('editor.liveCounts', { version: statsVersion })}
              {liveCounts && statsError && <span className="danger" title={describeError(statsError)}> ⚠</span>}
            </label>
          )}
          {!readOnly && (
            <ImportButton
              label={t('editor.import')}
              beforeImport={autosave.flush}
              onImported={(d) => {
                void queryClient.invalidateQueries({ queryKey: ['scenarios'] });
                // The open draft replaced by the file (or put back by "Undo"): the canvas shows it; the import says what it did.
                if (d.id === detail.id) {
                  backup.clear(d.id);
                  useEditor.getState().load(d.draft as Scenario);
                  queryClient.setQueryData(['scenario', d.id], d);
                } else navigate({ page: 'editor', id: d.id });
              }}
            />
          )}
          <button type="button" aria-expanded={history} onClick={() => setHistory(!history)}>
            {t('history.open')}
          </button>
          <a className="button" href={href({ page: 'analytics', id: detail.id })}>
            {t('analytics.link')}
          </a>
          <button type="button" onClick={() => void exportJson()}>
            {t('editor.export')}
          </button>
          {!readOnly && <ForecastButton scenarioId={detail.id} beforeRun={autosave.flush} />}
          {viewing ? (
            <button type="button" className="primary" onClick={() => void restore()} disabled={!can('editor') || owner !== undefined} title={can('editor') ? undefined : t('people.needs.editor')}>
              {t('editor.restore')}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() => void openPublish()}
              disabled={!can('publisher') || !problems.ok || nothingToPublish || owner !== undefined}
              title={!can('publisher') ? t('people.needs.publisher') : !problems.ok ? t('editor.publishBlocked') : nothingToPublish ? t('editor.publishNothing') : t('editor.publishHint')}
            >
              {unpublished ? t('editor.publishChanges') : t('editor.publish')}
            </button>
          )}
        </div>
      </header>
      {publishing && <PublishDialog
          scenarioId={detail.id}
          nodeName={(id) => scenario.nodes.find((n) => n.id === id)?.label ?? id}
          onPublish={(text, moving) => void publish(false, text, moving)} onClose={() => setPublishing(false)} />}
      {failingCases && <FailingCasesDialog issues={failingCases} onPublishAnyway={() => void publish(true)} onClose={() => setFailingCases(null)} />}
      {notice && (
        <div className={`banner ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          {notice.text}
          <button type="button" className="link" onClick={() => setNotice(null)} aria-label={t('common.dismiss')}>
            ×
          </button>
        </div>
      )}
      {viewing && (
        <div className="banner info">
          <Trans i18nKey="editor.readOnlyBanner" values={{ version: props.version! }} components={{ draft: <a href={`#/scenarios/${encodeURIComponent(detail.id)}`} /> }} />
        </div>
      )}
      {readOnly && !viewing && (
        <div className="banner info">
          {owner ? <Trans i18nKey="campaignMessage.ownedBanner" components={{ campaign: <a href={href({ page: 'campaigns', id: owner })} /> }} /> : t('people.needs.editor')}
        </div>
      )}
      {!viewing && !owner && <ReviewBar scenarioId={detail.id} beforeAsk={autosave.flush} />}
      {history && <HistoryPanel scenarioId={detail.id} versions={versions.data?.items ?? []} current={props.version} onClose={() => setHistory(false)} />}
      <div className="editor-body">
        <Palette onAdd={addAtCentre} disabled={readOnly} />
        <div className="canvas-column">
          <Canvas scenario={scenario} problems={problems} />
          <ProblemsList scenario={scenario} problems={problems} onJump={jump} />
        </div>
        <Inspector scenario={scenario} problems={problems} scenarios={allScenarios.data?.items} />
      </div>
    </div>
  );
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  const { t } = useTranslation();
  const text =
    status.state === 'saved'
      ? status.at
        ? t('editor.save.saved')
        : t('editor.save.automatic')
      : status.state === 'pending' || status.state === 'saving'
        ? t('editor.save.saving')
        : status.state === 'offline'
          ? t('editor.save.offline')
          : t('editor.save.error');
  // The reason stays in the tooltip: the header shows the scenario's name, never a raw error.
  return (
    <span className={`save-state save-${status.state}`} data-testid="save-state" role="status" title={status.state === 'error' ? status.message : undefined}>
      {text}
    </span>
  );
}
