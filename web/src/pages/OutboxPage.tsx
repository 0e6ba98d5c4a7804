import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, type OutboxMessage } from '../api/client.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';
import { i18n, useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/**
 * Why a row was held back or failed, in the interface's language where the server's reason is one it words the same
 * way every time (a consent withdrawn before delivery); a transport's or a template's own error stays as it came.
 */
export function outboxReason(reason: string): string {
  const consent = /^no consent for (\w+)$/.exec(reason);
  return consent ? i18n.t('outbox.reason.noConsent', { channel: consent[1] }) : reason;
}

/** The sandbox outbox: every message the runtime sent or skipped, with the rendered content; `scenarioId` filters it on opening. */
export function OutboxPage(props: { scenarioId?: string }) {
  const { t } = useTranslation();
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
            <h1>{t('outbox.title')}</h1>
            <p className="muted">{t('outbox.intro')}</p>
          </div>
        </header>
        <div className="row">
          <input aria-label={t('outbox.byContact')} placeholder={t('outbox.contactId')} value={contactId} onChange={(e) => setContactId(e.target.value)} />
          <input aria-label={t('outbox.byScenario')} placeholder={t('outbox.scenarioId')} value={scenarioId} onChange={(e) => setScenarioId(e.target.value)} />
        </div>
        <QueryStatus query={list} />
        {list.data?.items.length === 0 && <p className="empty">{t('outbox.empty')}</p>}
        {list.data && list.data.items.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th>{t('outbox.column.when')}</th>
                <th>{t('outbox.column.contact')}</th>
                <th>{t('outbox.column.channel')}</th>
                <th>{t('outbox.column.where')}</th>
                <th>{t('outbox.column.status')}</th>
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
        {open ? <MessagePreview m={open} /> : <p className="empty">{t('outbox.pick')}</p>}
      </section>
    </div>
  );
}

/** An outbox row's status and why: the last cell of the outbox and tasks tables. */
export function StatusCell({ m }: { m: OutboxMessage }) {
  const { t } = useTranslation();
  return (
    <td>
      <span className={`chip status-${m.status}`}>{t(`outbox.status.${m.status}`)}</span>
      {m.reason && <div className="muted small">{outboxReason(m.reason)}</div>}
      {m.status === 'pending' && m.nextAttemptAt && (
        <div className="muted small">{t('outbox.retry', { count: m.attempts, next: formatWhen(m.nextAttemptAt) })}</div>
      )}
    </td>
  );
}

/** What was sent: an email in a frame that can run nothing, other channels as text. */
export function MessagePreview({ m }: { m: OutboxMessage }) {
  const { t } = useTranslation();
  const r = m.rendered;
  if (!r) {
    return (
      <div className="empty">
        {/* Why there is no content, by status: whole sentences, not a status word slotted into one. */}
        <p>{t(`outbox.noContent.${m.status}`)}</p>
        {m.reason && <p className="muted">{outboxReason(m.reason)}</p>}
      </div>
    );
  }
  return (
    <div className="message-preview">
      {r.subject && <h2>{r.subject}</h2>}
      {r.title && <h2>{r.title}</h2>}
      {typeof r.html === 'string' ? (
        // Sandboxed with no permissions: the HTML can neither run scripts nor reach the app.
        <iframe className="email-preview tall" title={t('outbox.emailContent')} sandbox="" srcDoc={r.html} />
      ) : (
        <pre className="code">{typeof (r.text ?? r.body) === 'string' ? String(r.text ?? r.body) : JSON.stringify(r.body ?? r, null, 2)}</pre>
      )}
    </div>
  );
}
