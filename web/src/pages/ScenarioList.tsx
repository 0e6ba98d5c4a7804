import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ScenarioActivity, ScenarioStatus, ScenarioSummary } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { blankScenario } from '../editor/starters.ts';
import { ImportButton } from '../editor/ImportButton.tsx';
import { useCan } from '../people/session.ts';
import { asCopy, uniqueId } from '../editor/copies.ts';
import { href, navigate } from '../router.ts';
import { Sparkline } from '../analytics/Sparkline.tsx';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber, formatPercent, formatWhen } from '../ui/format.ts';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** "Welcome series #2" → "welcome-series-2": the id a new scenario gets from its name. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'scenario';
}

/** The period of the list's entries and conversions, in days. */
const ACTIVITY_DAYS = 7;

/** Which scenarios the status filter keeps: by default every one not archived. */
type StatusFilter = 'current' | 'all' | ScenarioStatus;
const STATUS_FILTERS = ['current', 'draft', 'live', 'archived', 'all'] as const satisfies StatusFilter[];
const statusKept = (filter: StatusFilter, status: ScenarioStatus) =>
  filter === 'all' || (filter === 'current' ? status !== 'archived' : status === filter);

/** "Onboarding, Q3 ,onboarding" → ["Onboarding", "Q3", "onboarding"]: what the tags field holds, as tags. */
const parseTags = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean);

type Activity = ScenarioActivity['items'][number];

export function ScenarioList() {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['scenarios'], queryFn: api.listScenarios });
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<StatusFilter>('current');
  const [tag, setTag] = useState('');
  const activity = useQuery({ queryKey: ['scenario-activity', ACTIVITY_DAYS], queryFn: () => api.activity(ACTIVITY_DAYS) });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['scenarios'] });
  const taken = () => new Set(list.data?.items.map((s) => s.id));

  const create = useMutation({
    mutationFn: (n: string) => api.createScenario(blankScenario(uniqueId(slugify(n), taken()), n)),
    onSuccess: (d) => {
      void refresh();
      navigate({ page: 'editor', id: d.id });
    },
    onError: (e) => setError(describeError(e)),
  });
  const duplicate = useMutation({
    mutationFn: async (id: string) => {
      const { draft } = await api.getScenario(id);
      return api.createScenario(asCopy(draft, taken()));
    },
    onSuccess: (d) => {
      void refresh();
      navigate({ page: 'editor', id: d.id });
    },
    onError: (e) => setError(describeError(e)),
  });
  const archive = useMutation({ mutationFn: (id: string) => api.archive(id), onSuccess: refresh, onError: (e) => setError(describeError(e)) });
  const rename = useMutation({
    mutationFn: async ({ id, name: newName }: { id: string; name: string }) => {
      const detail = await api.getScenario(id);
      return api.saveDraft(id, { ...detail.draft, name: newName });
    },
    onSuccess: refresh,
    onError: (e) => setError(describeError(e)),
  });

  const saveTags = useMutation({
    mutationFn: ({ id, tags }: { id: string; tags: string[] }) => api.setTags(id, tags),
    onSuccess: refresh,
    onError: (e) => setError(describeError(e)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };
  const all = list.data?.items ?? [];
  const allTags = [...new Set(all.flatMap((s) => s.tags))].sort((a, b) => a.localeCompare(b));
  const words = search.trim().toLocaleLowerCase();
  const items = all.filter(
    (s) => statusKept(status, s.status) && (!tag || s.tags.includes(tag)) && (!words || `${s.name} ${s.id}`.toLocaleLowerCase().includes(words)),
  );
  const activityOf = new Map(activity.data?.items.map((a) => [a.scenarioId, a]));

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>{t('scenarios.title')}</h1>
          <p className="muted">{t('scenarios.intro')}</p>
        </div>
        {can('editor') && (
        <div className="row">
          <ImportButton
            onImported={(d, outcome) => {
              void refresh();
              // A replaced draft stays on the list, where the import offers to undo it.
              if (outcome === 'created') navigate({ page: 'editor', id: d.id });
            }}
          />
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('scenarios.new')}
          </button>
        </div>
        )}
      </header>
      {error && (
        <div className="callout error" role="alert">
          {error} <button type="button" className="link" onClick={() => setError(null)}>{t('common.dismiss')}</button>
        </div>
      )}
      {creating && (
        <form className="card inline-form" onSubmit={submit}>
          <label htmlFor="new-name">{t('scenarios.newName')}</label>
          <input id="new-name" autoFocus value={name} placeholder={t('scenarios.newNamePlaceholder')} onChange={(e) => setName(e.target.value)} />
          <button type="submit" className="primary" disabled={!name.trim() || create.isPending}>
            {create.isPending ? t('scenarios.creating') : t('scenarios.create')}
          </button>
          <button type="button" onClick={() => setCreating(false)}>
            {t('common.cancel')}
          </button>
        </form>
      )}
      {list.isLoading && <p className="loading">{t('scenarios.loading')}</p>}
      {list.error && <div className="callout error">{describeError(list.error)}</div>}
      {all.length > 0 && (
        <div className="row list-filters" role="search">
          <input type="search" aria-label={t('scenarios.search')} placeholder={t('scenarios.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
          <label>
            {t('scenarios.status')}{' '}
            <select aria-label={t('scenarios.status')} value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
              {STATUS_FILTERS.map((f) => (
                <option key={f} value={f}>
                  {t(`scenarios.filter.${f}`)}
                </option>
              ))}
            </select>
          </label>
          {allTags.length > 0 && (
            <label>
              {t('scenarios.tag')}{' '}
              <select aria-label={t('scenarios.tag')} value={tag} onChange={(e) => setTag(e.target.value)}>
                <option value="">{t('scenarios.anyTag')}</option>
                {allTags.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      {list.data && all.length > 0 && items.length === 0 && <p className="muted">{t('scenarios.noMatch')}</p>}
      {list.data && all.length === 0 && !creating && (
        <div className="empty-state card">
          <h2>{t('scenarios.emptyTitle')}</h2>
          <p>{t('scenarios.emptyText')}</p>
          {can('editor') && (
            <button type="button" className="primary" onClick={() => setCreating(true)}>
              {t('scenarios.new')}
            </button>
          )}
        </div>
      )}
      {items.length > 0 && (
        <table className="table" data-testid="scenario-table">
          <thead>
            <tr>
              <th>{t('scenarios.column.name')}</th>
              <th>{t('scenarios.column.status')}</th>
              <th>{t('scenarios.column.published')}</th>
              <th title={t('scenarios.column.entriesHint', { count: ACTIVITY_DAYS })}>{t('scenarios.column.entries', { count: ACTIVITY_DAYS })}</th>
              <th title={t('scenarios.column.conversionsHint', { count: ACTIVITY_DAYS })}>{t('scenarios.column.conversions', { count: ACTIVITY_DAYS })}</th>
              <th>{t('scenarios.column.lastChange')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <ScenarioRow
                key={s.id}
                s={s}
                activity={activityOf.get(s.id)}
                onTags={(tags) => saveTags.mutate({ id: s.id, tags })}
                onRename={(n) => rename.mutate({ id: s.id, name: n })}
                onDuplicate={() => duplicate.mutate(s.id)}
                onArchive={() => archive.mutate(s.id)}
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ScenarioRow(props: {
  s: ScenarioSummary;
  activity: Activity | undefined;
  onTags: (tags: string[]) => void;
  onRename: (name: string) => void;
  onDuplicate: () => void;
  onArchive: () => void;
}) {
  const { s, activity } = props;
  const { t } = useTranslation();
  const can = useCan();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(s.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const [tagging, setTagging] = useState(false);
  const [tags, setTags] = useState(s.tags.join(', '));
  return (
    <tr>
      <td>
        {editing ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              // An empty name is refused where it is typed, not dropped in silence.
              if (!name.trim()) return setNameError(t('scenarios.nameRequired'));
              props.onRename(name.trim());
              setEditing(false);
            }}
          >
            <input
              aria-label={t('scenarios.rename.label')}
              autoFocus
              value={name}
              aria-invalid={nameError !== null}
              aria-describedby={nameError ? `rename-error-${s.id}` : undefined}
              onChange={(e) => {
                setName(e.target.value);
                setNameError(null);
              }}
            />
            <button type="submit">{t('common.save')}</button>
            {nameError && (
              <div className="field-error" id={`rename-error-${s.id}`} role="alert">
                {nameError}
              </div>
            )}
          </form>
        ) : (
          <a href={`#/scenarios/${encodeURIComponent(s.id)}`} className="strong">
            {s.name}
          </a>
        )}
        <div className="muted small">{s.id}</div>
        {s.campaign && (
          <a className="chip small" href={href({ page: 'campaigns', id: s.campaign })} data-testid="owned-by-campaign">
            {t('campaignMessage.ownedChip')}
          </a>
        )}
        {tagging ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              props.onTags(parseTags(tags));
              setTagging(false);
            }}
          >
            <input aria-label={t('scenarios.tags.label')} autoFocus value={tags} placeholder={t('scenarios.tags.placeholder')} onChange={(e) => setTags(e.target.value)} />
            <button type="submit">{t('scenarios.tags.save')}</button>
          </form>
        ) : (
          s.tags.length > 0 && (
            <div className="row tags" aria-label={t('scenarios.tags.title')}>
              {s.tags.map((t) => (
                <span key={t} className="chip tag">
                  {t}
                </span>
              ))}
            </div>
          )
        )}
      </td>
      <td>
        <span className={`chip status-${s.status}`}>{t(`status.${s.status}`)}</span>
      </td>
      <td>{s.latestVersion ? `v${s.latestVersion}` : '—'}</td>
      <td className="num" data-testid="entries-7d">
        {activity ? formatNumber(activity.entered) : '—'}
        {activity && (
          <Sparkline values={activity.daily.map((d) => d.entered)} label={t('analytics.sparkline', { values: activity.daily.map((d) => formatNumber(d.entered)).join(', ') })} />
        )}
      </td>
      <td className="num" data-testid="conversions-7d">
        {activity ? formatNumber(activity.converted) : '—'}
        {activity && activity.entered > 0 && <span className="muted"> ({formatPercent(activity.converted / activity.entered)})</span>}
      </td>
      <td className="muted">{formatWhen(s.updatedAt)}</td>
      <td className="actions">
        {can('editor') && (
          <>
            {/* A message campaign's journey is named and archived through its campaign. */}
            {!s.campaign && (
              <button type="button" className="link" onClick={() => setEditing(true)}>
                {t('scenarios.rename.action')}
              </button>
            )}
            <button type="button" className="link" onClick={() => setTagging(true)}>
              {t('scenarios.tags.title')}
            </button>
            <button type="button" className="link" onClick={props.onDuplicate}>
              {t('scenarios.duplicate')}
            </button>
          </>
        )}
        <a className="link" href={href({ page: 'analytics', id: s.id })}>
          {t('analytics.link')}
        </a>
        {s.status !== 'archived' && can('publisher') && !s.campaign && (
          <ConfirmButton question={t('scenarios.archiveConfirm', { name: s.name })} onConfirm={() => props.onArchive()}>
            {t('scenarios.archive')}
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}
