import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type OutboxMessage } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';

/** The sandbox outbox: every message the runtime sent or skipped, with the rendered content; `scenarioId` filters it on opening. */
export function OutboxPage(props: { scenarioId?: string }) {
  const [contactId, setContactId] = useState('');
  const [scenarioId, setScenarioId] = useState(props.scenarioId ?? '');
  const [open, setOpen] = useState<OutboxMessage | null>(null);
  const list = useQuery({
    queryKey: ['messages', contactId, scenarioId],
    queryFn: () => api.messages({ contactId: contactId || undefined, scenarioId: scenarioId || undefined, limit: 200 }),
    refetchInterval: 5000,
  });
  return (
    <div className="page split outbox">
      <section className="list-pane">
        <header className="page-head">
          <div>
            <h1>Outbox</h1>
            <p className="muted">Messages of the sandbox channel: nothing leaves the machine until a real transport is configured.</p>
          </div>
        </header>
        <div className="row">
          <input aria-label="Filter by contact" placeholder="Contact id" value={contactId} onChange={(e) => setContactId(e.target.value)} />
          <input aria-label="Filter by scenario" placeholder="Scenario id" value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} />
        </div>
        {list.isLoading && <p className="loading">Loading…</p>}
        {list.error && <div className="callout error">{describeError(list.error)}</div>}
        {list.data?.items.length === 0 && <p className="empty">No message yet. Publish a scenario and send an event that enters a contact.</p>}
        {list.data && list.data.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>When</th>
                <th>Contact</th>
                <th>Channel</th>
                <th>Scenario / node</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((m) => (
                <tr key={m.id} className={open?.id === m.id ? 'selected' : ''} onClick={() => setOpen(m)}>
                  <td className="muted">{formatWhen(m.createdAt)}</td>
                  <td>{m.contactId}</td>
                  <td>
                    <span className="chip">{m.channel}</span> {m.template}
                  </td>
                  <td>
                    <NodeName name={m.nodeName} id={m.node} />
                    <div className="muted small">
                      {m.scenarioId} v{m.version}
                    </div>
                  </td>
                  <StatusCell m={m} />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="detail-pane">
        {open ? <MessagePreview m={open} /> : <p className="empty">Click a message to see what was sent.</p>}
      </section>
    </div>
  );
}

/** An outbox row's status and why: the last cell of the outbox and tasks tables. */
export function StatusCell({ m }: { m: OutboxMessage }) {
  return (
    <td>
      <span className={`chip status-${m.status}`}>{m.status}</span>
      {m.reason && <div className="muted small">{m.reason}</div>}
      {m.status === 'pending' && m.nextAttemptAt && (
        <div className="muted small">
          tried {m.attempts} {m.attempts === 1 ? 'time' : 'times'}; next try {new Date(m.nextAttemptAt).toLocaleString()}
        </div>
      )}
    </td>
  );
}

/** Why a message shows no content, by status: whole sentences, not a status word slotted into one. */
const NO_CONTENT: Record<OutboxMessage['status'], string> = {
  pending: 'Not sent yet: there is no content to show.',
  sandboxed: 'Kept in the sandbox, without its content.',
  sent: 'Sent, without its content kept.',
  skipped: 'Skipped: nothing was sent.',
  failed: 'Failed: nothing was sent.',
};

/** What was sent: an email in a frame that can run nothing, other channels as text. */
export function MessagePreview({ m }: { m: OutboxMessage }) {
  const r = m.rendered;
  if (!r) {
    return (
      <div className="empty">
        <p>{NO_CONTENT[m.status]}</p>
        {m.reason && <p className="muted">{m.reason}</p>}
      </div>
    );
  }
  return (
    <div className="message-preview">
      {r.subject && <h2>{r.subject}</h2>}
      {r.title && <h2>{r.title}</h2>}
      {typeof r.html === 'string' ? (
        // Sandboxed with no permissions: the HTML can neither run scripts nor reach the app.
        <iframe className="email-preview tall" title="Email content" sandbox="" srcDoc={r.html} />
      ) : (
        <pre className="code">{typeof (r.text ?? r.body) === 'string' ? String(r.text ?? r.body) : JSON.stringify(r.body ?? r, null, 2)}</pre>
      )}
    </div>
  );
}
