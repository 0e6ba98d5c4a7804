import { useDeferredValue, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type TimelineItem } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { href, navigate } from '../router.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';
import { i18n, useTranslation } from '../i18n/index.ts';
import { outboxReason } from './OutboxPage.tsx';
import { movedReason } from '../move/timeline.ts';
import { channelName } from '../i18n/channels.ts';
import { useCan } from '../people/session.ts';
import { ImportFlow } from '../imports/ImportFlow.tsx';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { ContactConsents } from './ContactConsents.tsx';

export function ContactsPage(props: { id?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const list = useQuery({ queryKey: ['contacts', deferred], queryFn: () => api.contacts(deferred) });
  const [importing, setImporting] = useState(false);
  // Importing changes many contacts at once, and journeys react: publishers and admins (server/src/http/access.ts).
  const mayImport = useCan()('publisher');
  return (
    <div className="page split">
      <section className="list-pane">
        <header className="page-head">
          <h1>{t('contacts.title')}</h1>
          {mayImport && (
            <button type="button" onClick={() => setImporting(true)}>
              {t('imports.open')}
            </button>
          )}
        </header>
        <input type="search" aria-label={t('contacts.search')} placeholder={t('contacts.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <QueryStatus query={list} />
        {list.data?.items.length === 0 && (
          <p className="empty">
            {deferred ? t('contacts.noMatch') : t('contacts.empty')}
          </p>
        )}
        <ul className="pick-list">
          {list.data?.items.map((c) => (
            <li key={c.id}>
              <a href={href({ page: 'contacts', id: c.id })} className={props.id === c.id ? 'active' : ''} onClick={() => setImporting(false)}>
                <strong>{c.id}</strong>
                <span className="muted small">{String(c.attributes?.email ?? c.attributes?.firstName ?? '')}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section className="detail-pane">
        {importing ? <ImportFlow onClose={() => setImporting(false)} /> : props.id ? <ContactDetail id={props.id} /> : <p className="empty">{t('contacts.pick')}</p>}
      </section>
    </div>
  );
}

function ContactDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => api.contact(id) });
  const timeline = useQuery({ queryKey: ['contact', id, 'timeline'], queryFn: () => api.timeline(id), refetchInterval: 5000 });
  if (contact.error) return <div className="callout error">{describeError(contact.error)}</div>;
  if (!contact.data) return <p className="loading">{t('common.loading')}</p>;
  const c = contact.data;
  return (
    <div data-testid="contact-detail">
      <h2>{c.id}</h2>
      <div className="facts">
        <div>
          <h3>{t('contacts.attributes')}</h3>
          <pre className="code">{JSON.stringify(c.attributes ?? {}, null, 2)}</pre>
        </div>
        <div>
          <h3>{t('contacts.lists')}</h3>
          <p>{c.lists?.length ? c.lists.map((l) => <span key={l} className="chip">{l}</span>) : <span className="muted">{t('contacts.noList')}</span>}</p>
          <h3>{t('contacts.timeZone')}</h3>
          <p>{c.timeZone || <span className="muted">{t('contacts.defaultTimeZone')}</span>}</p>
        </div>
      </div>
      <ContactConsents contactId={c.id} />
      <EnrolForm contactId={c.id} />
      <EraseButton contactId={c.id} />
      <h3>{t('contacts.timeline')}</h3>
      {timeline.data?.items.length === 0 && <p className="empty">{t('contacts.noTimeline')}</p>}
      <ol className="timeline">
        {timeline.data?.items.map((item, i) => (
          <li key={i} className={`kind-${item.kind}`}>
            <span className="t">{formatWhen(item.at)}</span>
            <span className="chip">{t(`contacts.kind.${item.kind}`)}</span> {item.kind !== 'event' && item.node && <NodeName name={item.nodeName} id={item.node} />}{' '}
            {describeItem(item)}
            {item.scenarioId && (
              <button type="button" className="link small" onClick={() => navigate({ page: 'editor', id: item.scenarioId!, version: item.version })}>
                {item.scenarioId}
                {item.version ? ` v${item.version}` : ''}
              </button>
            )}
            {item.reason && <div className="muted small">{item.outcome === 'moved' ? movedReason(item.reason) : outboxReason(item.reason)}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What happened, beside the node's name: the event, the message sent, the step's outcome. */
function describeItem(item: TimelineItem): string {
  if (item.kind === 'event') {
    const name = String(item.event ?? item.name ?? i18n.t('contacts.anEvent'));
    // A tracked click says which link.
    return typeof item.properties?.url === 'string' ? `${name} · ${item.properties.url}` : name;
  }
  if (item.kind === 'message') return [item.channel && channelName(item.channel), item.template, item.status && known('outbox.status', item.status)].filter(Boolean).join(' · ');
  // A move to a new version at publishing is the runtime's, not a step of the engine (see the README, moving contacts).
  if (item.outcome === 'moved') return i18n.t('move.timeline');
  return item.outcome ? known('simulation.outcome', item.outcome) : '';
}

/** A value from the server in the interface's language when the catalogue has it, else as it came. */
function known(group: 'outbox.status' | 'simulation.outcome', value: string): string {
  const key = `${group}.${value}`;
  return i18n.exists(key) ? i18n.t(key as never) : value;
}

/** Enrols the contact by hand in a live scenario that starts with API enrolment. */
function EnrolForm({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const scenarios = useQuery({ queryKey: ['scenarios'], queryFn: api.listScenarios });
  const live = (scenarios.data?.items ?? []).filter((s) => s.status === 'live');
  const [scenarioId, setScenarioId] = useState('');
  const enrol = useMutation({
    mutationFn: () => api.enrol(scenarioId, contactId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['contact', contactId, 'timeline'] }),
  });
  if (live.length === 0) return null;
  return (
    <>
      <h3>{t('contacts.enrolTitle')}</h3>
      <div className="row">
        <select aria-label={t('contacts.enrolIn')} value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
          <option value="">{t('contacts.chooseLive')}</option>
          {live.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!scenarioId || enrol.isPending} onClick={() => enrol.mutate()}>
          {t('contacts.enrol')}
        </button>
      </div>
      {enrol.isSuccess && <div className="callout ok">{t('contacts.enrolled')}</div>}
      {enrol.error && <div className="callout error">{describeError(enrol.error)}</div>}
    </>
  );
}

/** GDPR erasure: deletes the contact, their events, enrolments and messages. */
function EraseButton({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const erase = useMutation({
    mutationFn: () => api.eraseContact(contactId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
      navigate({ page: 'contacts' });
    },
  });
  return (
    <>
      <h3>{t('contacts.erasure')}</h3>
      <button
        type="button"
        className="danger-button"
        disabled={erase.isPending || !can('admin')}
        title={can('admin') ? undefined : t('people.needs.admin')}
        onClick={() => window.confirm(t('contacts.eraseConfirm', { contact: contactId })) && erase.mutate()}
      >
        {t('contacts.erase')}
      </button>
      {erase.error && <div className="callout error">{describeError(erase.error)}</div>}
    </>
  );
}
