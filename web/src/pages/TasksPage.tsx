import { useQuery } from '@tanstack/react-query';
import { api, type OutboxMessage } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { formatWhen } from '../ui/format.ts';
import { NodeName } from '../ui/NodeName.tsx';
import { StatusCell } from './OutboxPage.tsx';

/** A task row's rendered content (title, instructions, kind, due date), once the dispatcher has rendered it. */
function taskOf(m: OutboxMessage): { kind?: string; title?: string; instructions?: string; team?: string; assignee?: string; dueAt?: string } {
  const r: Record<string, unknown> = m.rendered ?? {};
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return { kind: text(r.kind), title: text(r.title), instructions: text(r.instructions), team: text(r.team), assignee: text(r.assignee), dueAt: text(r.dueAt) };
}

/** The tasks journeys asked teams to do (calls, visits, letters, appointments): the outbox rows on the task channel. */
export function TasksPage() {
  const list = useQuery({
    queryKey: ['messages', 'task'],
    queryFn: () => api.messages({ channel: 'task', limit: 200 }),
    refetchInterval: 5000,
  });
  return (
    <div className="page tasks">
      <header className="page-head">
        <div>
          <h1>Tasks</h1>
          <p className="muted">
            What task nodes asked a team to do. They go to the task system set by PARCOURS_TASKS_URL; without it they stay here, in the sandbox.
          </p>
        </div>
      </header>
      {list.isLoading && <p className="loading">Loading…</p>}
      {list.error && <div className="callout error">{describeError(list.error)}</div>}
      {list.data?.items.length === 0 && <p className="empty">No task yet. Add a Task node to a journey and publish it.</p>}
      {list.data && list.data.items.length > 0 && (
        <table className="table" aria-label="Tasks">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Title</th>
              <th>Contact</th>
              <th>Scenario / node</th>
              <th>Due</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((m) => {
              const task = taskOf(m);
              return (
                <tr key={m.id} data-testid="task-row">
                  <td>
                    <span className="chip">{task.kind ?? '…'}</span>
                  </td>
                  <td>
                    {task.title ?? <span className="muted">rendered when delivered</span>}
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
