import { useQuery } from '@tanstack/react-query';
import { api, type OutboxMessage } from '../api/client.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';
import { StatusCell } from './OutboxPage.tsx';
import { i18n, useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/** A task row's rendered content (title, instructions, kind, due date), once the dispatcher has rendered it. */
function taskOf(m: OutboxMessage): { kind?: string; title?: string; instructions?: string; team?: string; assignee?: string; dueAt?: string } {
  const r: Record<string, unknown> = m.rendered ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { kind: text(r.kind), title: text(r.title), instructions: text(r.instructions), team: text(r.team), assignee: text(r.assignee), dueAt: text(r.dueAt) };
}

/** A task's kind in the interface's language; a kind the catalogue does not know is shown as written. */
const taskKind = (kind: string): string => (i18n.exists(`tasks.kind.${kind}`) ? i18n.t(`tasks.kind.${kind}` as never) : kind);

/** The tasks journeys asked teams to do (calls, visits, letters, appointments): the outbox rows on the task channel. */
export function TasksPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['messages', 'task'],
    queryFn: () => api.messages({ channel: 'task', limit: 200 }),
    refetchInterval: 5000,
  });
  return (
    <div className="page tasks">
      <header className="page-head">
        <div>
          <h1>{t('tasks.title')}</h1>
          <p className="muted">{t('tasks.intro')}</p>
        </div>
      </header>
      <QueryStatus query={list} />
      {list.data?.items.length === 0 && <p className="empty">{t('tasks.empty')}</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="table" aria-label={t('tasks.table')}>
          <thead>
            <tr>
              <th>{t('tasks.column.kind')}</th>
              <th>{t('tasks.column.title')}</th>
              <th>{t('tasks.column.contact')}</th>
              <th>{t('tasks.column.where')}</th>
              <th>{t('tasks.column.due')}</th>
              <th>{t('tasks.column.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((m) => {
              const task = taskOf(m);
              return (
                <tr key={m.id} data-testid="task-row">
                  <td>
                    <span className="chip">{task.kind ? taskKind(task.kind) : '…'}</span>
                  </td>
                  <td>
                    {task.title ?? <span className="muted">{t('tasks.notRendered')}</span>}
                    {task.instructions && <div className="muted small">{task.instructions}</div>}
                    {(task.team || task.assignee) && <div className="muted small">{[task.team, task.assignee].filter(Boolean).join(' · ')}</div>}
                  </td>
                  <td>{m.contactId}</td>
                  <td>
                    <NodeName name={m.nodeName} id={m.node} />
                    <div className="muted small">
                      {m.scenarioId} v{m.version}
                    </div>
                  </td>
                  <td className="muted">{task.dueAt ? formatWhen(task.dueAt) : '—'}</td>
                  <StatusCell m={m} />
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
