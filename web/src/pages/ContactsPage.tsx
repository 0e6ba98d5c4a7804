import { useDeferredValue, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type TimelineItem } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { href, navigate } from '../router.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';

export function ContactsPage(props: { id?: string }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const list = useQuery({ queryKey: ['contacts', deferred], queryFn: () => api.contacts(deferred) });
  return (
    <div className="page split">
      <section className="list-pane">
        <header className="page-head">
          <h1>Contacts</h1>
        </header>
        <input type="search" aria-label="Search contacts" placeholder="Search by id or attribute…" value={search} onChange={(e) => setSearch(e.target.value)} />
        {list.isLoading && <p className="loading">Loading…</p>}
        {list.error && <div className="callout error">{describeError(list.error)}</div>}
        {list.data?.items.length === 0 && (
          <p className="empty">
            {deferred ? 'No contact matches.' : 'No contacts yet. Send them with PUT /api/contacts/:id, POST /api/identify or POST /api/track.'}
          </p>
        )}
        <ul className="pick-list">
          {list.data?.items.map((c) => (
            <li key={c.id}>
              <a href={href({ page: 'contacts', id: c.id })} className={props.id === c.id ? 'active' : ''}>
                <strong>{c.id}</strong>
                <span className="muted small">{String(c.attributes?.email ?? c.attributes?.firstName ?? '')}</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section className="detail-pane">{props.id ? <ContactDetail id={props.id} /> : <p className="empty">Pick a contact to see their profile and timeline.</p>}</section>
    </div>
  );
}

function ContactDetail({ id }: { id: string }) {
  const contact = useQuery({ queryKey: ['contact', id], queryFn: () => api.contact(id) });
  const timeline = useQuery({ queryKey: ['contact', id, 'timeline'], queryFn: () => api.timeline(id), refetchInterval: 5000 });
  if (contact.error) return <div className="callout error">{describeError(contact.error)}</div>;
  if (!contact.data) return <p className="loading">Loading…</p>;
  const c = contact.data;
  return (
    <div data-testid="contact-detail">
      <h2>{c.id}</h2>
      <div className="facts">
        <div>
          <h3>Attributes</h3>
          <pre className="code">{JSON.stringify(c.attributes ?? {}, null, 2)}</pre>
        </div>
        <div>
          <h3>Consents</h3>
          <p>
            {Object.entries(c.consents ?? {}).map(([ch, ok]) => (
              <span key={ch} className={`chip ${ok ? 'ok' : 'off'}`}>
                {ch} {ok ? '✓' : '✗'}
              </span>
            ))}
            {Object.keys(c.consents ?? {}).length === 0 && <span className="muted">none recorded</span>}
          </p>
          <h3>Lists</h3>
          <p>{c.lists?.length ? c.lists.map((l) => <span key={l} className="chip">{l}</span>) : <span className="muted">none</span>}</p>
          <h3>Time zone</h3>
          <p>{c.timeZone || <span className="muted">scenario default</span>}</p>
        </div>
      </div>
      <EnrolForm contactId={c.id} />
      <EraseButton contactId={c.id} />
      <h3>Timeline</h3>
      {timeline.data?.items.length === 0 && <p className="empty">Nothing happened to this contact yet.</p>}
      <ol className="timeline">
        {timeline.data?.items.map((t, i) => (
          <li key={i} className={`kind-${t.kind}`}>
            <span className="t">{formatWhen(t.at)}</span>
            <span className="chip">{t.kind}</span> {t.kind !== 'event' && t.node && <NodeName name={t.nodeName} id={t.node} />} {describeItem(t)}
            {t.scenarioId && (
              <button type="button" className="link small" onClick={() => navigate({ page: 'editor', id: t.scenarioId!, version: t.version })}>
                {t.scenarioId}
                {t.version ? ` v${t.version}` : ''}
              </button>
            )}
            {t.reason && <div className="muted small">{t.reason}</div>}
          </li>
        ))}
      </ol>
    </div>
  );
}

/** What happened, beside the node's name: the event, the message sent, the step's outcome. */
function describeItem(t: TimelineItem): string {
  if (t.kind === 'event') {
    const name = String(t.event ?? t.name ?? 'event');
    // A tracked click says which link.
    return typeof t.properties?.url === 'string' ? `${name} · ${t.properties.url}` : name;
  }
  if (t.kind === 'message') return [t.channel, t.template, t.outcome ?? t.status].filter(Boolean).join(' · ');
  return t.outcome ?? '';
}

/** Enrols the contact by hand in a live scenario that starts with API enrolment. */
function EnrolForm({ contactId }: { contactId: string }) {
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
      <h3>Enrol by hand</h3>
      <div className="row">
        <select aria-label="Scenario to enrol in" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)}>
          <option value="">Choose a live scenario…</option>
          {live.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        <button type="button" disabled={!scenarioId || enrol.isPending} onClick={() => enrol.mutate()}>
          Enrol
        </button>
      </div>
      {enrol.isSuccess && <div className="callout ok">Enrolled: the timeline below shows what happens.</div>}
      {enrol.error && <div className="callout error">{describeError(enrol.error)}</div>}
    </>
  );
}

/** GDPR erasure: deletes the contact, their events, enrolments and messages. */
function EraseButton({ contactId }: { contactId: string }) {
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
      <h3>Erasure</h3>
      <button
        type="button"
        className="danger-button"
        disabled={erase.isPending}
        onClick={() => window.confirm(`Erase ${contactId} and everything Parcours holds about them? This cannot be undone.`) && erase.mutate()}
      >
        Erase this contact
      </button>
      {erase.error && <div className="callout error">{describeError(erase.error)}</div>}
    </>
  );
}
