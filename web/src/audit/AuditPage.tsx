import { useState, type FormEvent } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditFilter } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { AuditRetentionCard } from './AuditRetention.tsx';

type Underscored<A extends string> = A extends `${infer Head}.${infer Tail}` ? `${Head}_${Tail}` : A;

/** The i18n key of an action ("scenario.create" → "audit.actions.scenario_create": a dot would nest the key). */
const actionKey = (action: AuditAction) => `audit.actions.${action.replace('.', '_')}` as `audit.actions.${Underscored<AuditAction>}`;

interface Draft {
  actor: string;
  action: AuditAction | '';
  targetType: string;
  targetId: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { actor: '', action: '', targetType: '', targetId: '', from: '', to: '' };

/** The form's fields as the API's filter: empty fields left out, local date-times as instants. */
function filterOf(draft: Draft): AuditFilter {
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  const text = (value: string) => value.trim() || undefined;
  return {
    actor: text(draft.actor),
    action: draft.action || undefined,
    targetType: text(draft.targetType),
    targetId: text(draft.targetId),
    from: instant(draft.from),
    to: instant(draft.to),
  };
}

/** Admins: who changed what, when and from where; filtered, paged, exported. */
export function AuditPage() {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<AuditFilter>({});
  const entries = useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) => api.audit(filter, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.next,
  });
  const set = (field: keyof Draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [field]: e.target.value });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(filterOf(draft));
  };
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('audit.title')}</h1>
        <div className="actions">
          <a className="button" href={api.auditExportUrl(filter, 'csv')} download="audit.csv">
            {t('audit.exportCsv')}
          </a>
          <a className="button" href={api.auditExportUrl(filter, 'jsonl')} download="audit.jsonl">
            {t('audit.exportJsonl')}
          </a>
        </div>
      </header>
      <p className="muted">{t('audit.intro')}</p>
      <AuditRetentionCard />
      <form className="card audit-filters" onSubmit={apply} aria-label={t('audit.filters')}>
        <div className="field">
          <label htmlFor="audit-actor">{t('audit.filter.actor')}</label>
          <input id="audit-actor" value={draft.actor} onChange={set('actor')} placeholder={t('audit.filter.actorHint')} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('audit.filter.action')}</label>
          <select id="audit-action" value={draft.action} onChange={set('action')}>
            <option value="">{t('audit.filter.anyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a))}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-target-type">{t('audit.filter.targetType')}</label>
          <input id="audit-target-type" value={draft.targetType} onChange={set('targetType')} placeholder="scenario" />
        </div>
        <div className="field">
          <label htmlFor="audit-target-id">{t('audit.filter.targetId')}</label>
          <input id="audit-target-id" value={draft.targetId} onChange={set('targetId')} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('audit.filter.from')}</label>
          <input id="audit-from" type="datetime-local" value={draft.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('audit.filter.to')}</label>
          <input id="audit-to" type="datetime-local" value={draft.to} onChange={set('to')} />
        </div>
        <div className="field">
          <button type="submit" className="primary">
            {t('audit.filter.apply')}
          </button>{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              setDraft(EMPTY);
              setFilter({});
            }}
          >
            {t('audit.filter.clear')}
          </button>
        </div>
      </form>
      <QueryStatus query={entries} />
      {entries.data && items.length === 0 && <p className="muted">{t('audit.empty')}</p>}
      {items.length > 0 && (
        <table className="table" data-testid="audit">
          <thead>
            <tr>
              <th>{t('audit.column.when')}</th>
              <th>{t('audit.column.who')}</th>
              <th>{t('audit.column.action')}</th>
              <th>{t('audit.column.target')}</th>
              <th>{t('audit.column.change')}</th>
              <th>{t('audit.column.from')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <EntryRow key={e.id} entry={e} />
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNextPage && (
        <button type="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
          {t('audit.older')}
        </button>
      )}
    </div>
  );
}

function EntryRow({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const change = Object.keys(entry.change).length > 0 ? JSON.stringify(entry.change) : '';
  return (
    <tr data-action={entry.action}>
      <td>{formatWhen(entry.at)}</td>
      <td>
        {entry.actor.label ?? '—'}
        <div className="muted">{t(`audit.actorKind.${entry.actor.kind}`)}</div>
      </td>
      <td>
        {t(actionKey(entry.action))}
        <div className="muted">
          <code>{entry.action}</code>
        </div>
      </td>
      <td>
        {entry.target.type}
        {entry.target.id && <div className="muted">{entry.target.id}</div>}
      </td>
      <td>
        <code className="audit-change">{change}</code>
      </td>
      <td>
        {entry.ip ?? '—'}
        {entry.userAgent && <div className="muted audit-agent">{entry.userAgent}</div>}
      </td>
    </tr>
  );
}
