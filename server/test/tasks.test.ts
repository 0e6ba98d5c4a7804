import { afterEach, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { dispatchPending } from '../src/runtime/dispatcher.ts';
import { startHttpServer, type TestHttpServer } from './channels/servers.ts';
import { START, harness, publishScenario, scenarioFile, type Harness } from './helpers.ts';

/** A purchase asks the call centre to call the contact back within two days. */
const callBack = scenarioFile('server/test/fixtures/call-back.json');

let h: Harness | undefined;
let taskSystem: TestHttpServer | undefined;
afterEach(async () => {
  h?.close();
  await taskSystem?.close();
  h = taskSystem = undefined;
});

async function buyer(env: Record<string, string>): Promise<{ h: Harness; deliver: ReturnType<typeof createDeliver> }> {
  const server = harness(START, { channels: () => createChannels(loadChannelConfig(env)) });
  h = server;
  await publishScenario(server, callBack);
  expect((await server.call('PUT', '/contacts/ana', { attributes: { firstName: 'Ana' } })).status).toBe(200);
  expect((await server.call('POST', '/track', { userId: 'ana', event: 'order_completed', properties: { total: 120 } })).status).toBe(200);
  return { h: server, deliver: createDeliver({ db: server.db, channels: createChannels(loadChannelConfig(env)) }) };
}

/** What the task system receives and the outbox shows for Ana's order of 120 EUR. */
const task = {
  kind: 'call',
  title: 'Call Ana',
  instructions: 'Thank them for the order of 120 EUR',
  team: 'call-centre',
  dueAt: new Date(START + 2 * 86_400_000).toISOString(),
  scenarioId: 'call-back',
  node: 'call',
};

describe('action.task over HTTP', () => {
  it('lists the task in the outbox and renders it in the sandbox, sending nothing', async () => {
    const { h, deliver } = await buyer({});
    const pending = await h.call('GET', '/messages?channel=task');
    expect(pending.body.items).toEqual([
      expect.objectContaining({ contactId: 'ana', scenarioId: 'call-back', node: 'call', channel: 'task', template: 'task:call', status: 'pending' }),
    ]);
    expect((await h.call('GET', '/messages?channel=email')).body.items).toEqual([]);

    expect(await dispatchPending(h.db, deliver, () => h.clock.now())).toBe(1);
    const [row] = (await h.call('GET', '/messages?channel=task')).body.items;
    expect(row).toMatchObject({ status: 'sandboxed', reason: 'sandbox' });
    expect(row.rendered).toEqual({ channel: 'task', ...task });
    expect((await h.call('GET', '/messages?channel=fax')).status).toBe(400);
  });

  it('POSTs the task as JSON to the task system set by PARCOURS_TASKS_URL', async () => {
    taskSystem = await startHttpServer([{ status: 201, body: '{"id": "T-9"}' }]);
    const { h, deliver } = await buyer({
      PARCOURS_TASKS_URL: `${taskSystem.url}/api/tasks`,
      PARCOURS_TASKS_HEADERS: '{"authorization": "Bearer tasks-key"}',
      PARCOURS_HTTP_ALLOW: '127.0.0.1',
    });
    expect(await dispatchPending(h.db, deliver, () => h.clock.now())).toBe(1);

    expect(taskSystem.requests).toHaveLength(1);
    const [request] = taskSystem.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/api/tasks' });
    expect(request.headers).toMatchObject({ authorization: 'Bearer tasks-key', 'content-type': 'application/json' });
    const [row] = (await h.call('GET', '/messages?channel=task')).body.items;
    expect(request.headers['idempotency-key']).toEqual(expect.stringContaining(':call:'));
    expect(JSON.parse(request.body)).toEqual({ id: String(row.id), contactId: 'ana', ...task });
    expect(row).toMatchObject({ status: 'sent', reason: 'HTTP 201: {"id": "T-9"}' });
  });
});
