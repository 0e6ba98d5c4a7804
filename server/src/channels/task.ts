import type { HttpSend } from './http-sender.ts';
import type { TaskMessage, Transport } from './types.ts';

/** Where tasks go: the task system's URL and headers (PARCOURS_TASKS_URL, PARCOURS_TASKS_HEADERS). */
export interface TaskSystemConfig {
  url: string;
  headers: Record<string, string>;
}

/**
 * POSTs each task as JSON to the configured task system (call-centre tool, CRM, ticketing), through the same
 * guarded HTTP sender as webhooks: `{ id, contactId, kind, title, instructions, team, assignee, dueAt, scenarioId, node }`.
 */
export function createTaskTransport(system: TaskSystemConfig, send: HttpSend): Transport<TaskMessage> {
  return {
    mode: 'http',
    send: (message) => {
      const { channel: _channel, ...task } = message.content;
      return send({
        url: system.url,
        method: 'POST',
        headers: system.headers,
        body: { id: message.id, contactId: message.recipient.contactId, ...task },
        idempotencyKey: message.idempotencyKey,
      });
    },
  };
}
