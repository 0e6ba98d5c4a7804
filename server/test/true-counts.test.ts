import { afterEach, describe, expect, it } from 'vitest';
import { NodeFailuresSchema, VersionStatsSchema, type NodeCounts, type VersionStats } from '@parcours/shared';
import { createChannels, loadChannelConfig, type Channels } from '../src/channels/index.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { Dispatcher } from '../src/runtime/dispatcher.ts';
import { startHttpServer } from './channels/servers.ts';
import { harness, publishScenario, runTimersUntil, START, type Harness } from './helpers.ts';

/** The canvas counts over HTTP: failed after retries, skipped per rule, deferred, and every version's contacts. */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function server(env: Record<string, string> = {}) {
  const config = loadChannelConfig({ PARCOURS_WEBHOOKS: 'live', PARCOURS_HTTP_ALLOW: '127.0.0.1', ...env });
  let channels!: Channels;
  const h = harness(START, { channels: (clock) => (channels = createChannels(config, () => clock.now())) });
  cleanups.push(() => h.close());
  const dispatcher = new Dispatcher({ db: h.db, deliver: createDeliver({ db: h.db, channels, versions: h.runtime.versions }), now: () => h.clock.now(), settings: config.delivery });
  return { h, dispatcher };
}

/** A scenario entered on `go`: the nodes in a line, then an exit. */
function line(id: string, steps: Array<{ id: string; type: string; config?: object }>, settings: object = {}) {
  const nodes = [{ id: 'start', type: 'entry.event', config: { event: 'go' } }, ...steps.map((s) => ({ config: {}, ...s })), { id: 'done', type: 'flow.exit', config: {} }];
  return {
    schemaVersion: 1,
    id,
    name: id,
    settings: { defaultTimeZone: 'UTC', ...settings },
    templates: [
      { id: 'a', channel: 'email', subject: 'A', html: '<p>A</p>' },
      { id: 'c', channel: 'email', subject: 'C', html: '<p>C</p>' },
    ],
    nodes,
    edges: nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i].id, target: node.id })),
  };
}

async function go(h: Harness, contact: string, profile: object) {
  expect((await h.call('PUT', `/contacts/${contact}`, profile)).status).toBe(200);
  expect((await h.call('POST', '/track', { userId: contact, event: 'go' })).status).toBeLessThan(300);
}

async function stats(h: Harness, id: string, version = 1): Promise<VersionStats> {
  const answer = await h.call('GET', `/scenarios/${id}/versions/${version}/stats`);
  expect(answer.status).toBe(200);
  return VersionStatsSchema.parse(answer.body);
}

const sends = (c: NodeCounts) => ({ sent: c.sent, skipped: c.skipped, skippedBy: c.skippedBy, deferred: c.deferred, failed: c.failed });
const rules = (by: Partial<NodeCounts['skippedBy']> = {}) => ({ consent: 0, consent_pending: 0, suppressed: 0, quiet_hours: 0, frequency_cap: 0, repeat: 0, topic: 0, frequency_choice: 0, ...by });

describe('message nodes count what happened to their sends', () => {
  it('a send failed after its last retry moves from sent to failed, with its reason and contact', async () => {
    const endpoint = await startHttpServer([{ status: 503, body: 'busy' }]);
    cleanups.push(() => endpoint.close());
    const { h, dispatcher } = server({ PARCOURS_DELIVERY_ATTEMPTS: '2', PARCOURS_RETRY_MIN_DELAY_MS: '60000', PARCOURS_RETRY_MAX_DELAY_MS: '60000' });
    await publishScenario(h, line('flaky', [{ id: 'call', type: 'action.webhook', config: { url: endpoint.url, method: 'POST' } }]));
    await go(h, 'c1', { attributes: {} });

    const tryOnce = async () => {
      h.clock.advance(3_600_000);
      expect(dispatcher.dispatch(100)).toBe(1);
      await dispatcher.settled();
    };
    await tryOnce();
    // A retry is still a send on its way.
    expect(sends((await stats(h, 'flaky')).nodes.call!)).toEqual({ sent: 1, skipped: 0, skippedBy: rules(), deferred: 0, failed: 0 });
    await tryOnce();
    expect(sends((await stats(h, 'flaky')).nodes.call!)).toEqual({ sent: 0, skipped: 0, skippedBy: rules(), deferred: 0, failed: 1 });

    const failures = await h.call('GET', '/scenarios/flaky/nodes/call/failures');
    expect(failures.status).toBe(200);
    expect(NodeFailuresSchema.parse(failures.body).items).toEqual([{ reason: 'HTTP 503: busy', count: 1, contacts: ['c1'] }]);
    expect((await h.call('GET', '/scenarios/nope/nodes/call/failures')).status).toBe(404);
  });

  it('skips count per rule (consent, cap, once), quiet hours defer, and a consent withdrawn before delivery skips', async () => {
    const { h, dispatcher } = server();
    const journey = line(
      'pressure',
      [
        { id: 'first', type: 'action.email', config: { template: 'a' } },
        { id: 'again', type: 'action.email', config: { template: 'a', once: true } },
        { id: 'third', type: 'action.email', config: { template: 'c' } },
      ],
      { frequencyCaps: [{ channel: 'email', max: 1, per: '7d' }] },
    );
    await publishScenario(h, journey);
    await go(h, 'willing', { attributes: { email: 'willing@example.test' }, consents: { email: true } });
    await go(h, 'silent', { attributes: { email: 'silent@example.test' } });
    let counted = (await stats(h, 'pressure')).nodes;
    expect(sends(counted.first!)).toEqual({ sent: 1, skipped: 1, skippedBy: rules({ consent: 1 }), deferred: 0, failed: 0 });
    expect(sends(counted.again!)).toEqual({ sent: 0, skipped: 2, skippedBy: rules({ repeat: 1, consent: 1 }), deferred: 0, failed: 0 });
    expect(sends(counted.third!)).toEqual({ sent: 0, skipped: 2, skippedBy: rules({ frequency_cap: 1, consent: 1 }), deferred: 0, failed: 0 });

    // The contact unsubscribes before the dispatcher reaches the message.
    expect((await h.call('PUT', '/contacts/willing', { consents: { email: false } })).status).toBe(200);
    expect(dispatcher.dispatch(100)).toBe(1);
    await dispatcher.settled();
    counted = (await stats(h, 'pressure')).nodes;
    expect(sends(counted.first!)).toEqual({ sent: 0, skipped: 2, skippedBy: rules({ consent: 2 }), deferred: 0, failed: 0 });

    await publishScenario(h, { ...line('quiet', [{ id: 'hello', type: 'action.email', config: { template: 'a' } }], { quietHours: { start: '07:00', end: '09:00' } }) });
    await go(h, 'willing2', { attributes: { email: 'w2@example.test' }, consents: { email: true } });
    const held = (await stats(h, 'quiet')).nodes.hello!;
    expect({ ...sends(held), waiting: held.waiting }).toEqual({ sent: 0, skipped: 0, skippedBy: rules(), deferred: 1, failed: 0, waiting: 1 });
  });
});

describe('a goal counts as converted only when it happens', () => {
  it('on the server as in the simulator: completed without the goal event, converted with it, an event before entering does not count', async () => {
    const { h } = server();
    const journey = line('goal', [{ id: 'day', type: 'wait.delay', config: { duration: '1d' } }]);
    // The goal in place of the exit.
    journey.nodes[2] = { id: 'won', type: 'flow.goal', config: { event: 'upgraded' } };
    journey.edges[1]!.target = 'won';
    await publishScenario(h, journey);
    // Upgraded before entering: not a conversion of this journey.
    expect((await h.call('POST', '/track', { userId: 'early', event: 'upgraded' })).status).toBeLessThan(300);
    h.clock.advance(60_000);
    await go(h, 'early', { attributes: {} });
    await go(h, 'idle', { attributes: {} });
    await go(h, 'buyer', { attributes: {} });
    h.clock.advance(3_600_000);
    expect((await h.call('POST', '/track', { userId: 'buyer', event: 'upgraded' })).status).toBeLessThan(300);
    runTimersUntil(h, START + 2 * 86_400_000);

    const won = (await stats(h, 'goal')).nodes.won!;
    expect({ entered: won.entered, converted: won.converted, completed: won.completed }).toEqual({ entered: 3, converted: 1, completed: 2 });
    const timeline = await h.call('GET', '/contacts/idle/timeline');
    expect(JSON.stringify(timeline.body)).toContain('reached the goal without its event upgraded');
  });
});

describe('counts cover every version that held contacts', () => {
  it('after publishing v2, the contacts waiting on v1 stay in the counts, split per version, with v1-only nodes noted', async () => {
    const { h } = server();
    const v1 = line('versions', [{ id: 'old_wait', type: 'wait.delay', config: { duration: '2d' } }]);
    await publishScenario(h, v1);
    await go(h, 'a', { attributes: {} });
    await go(h, 'b', { attributes: {} });
    const v2 = line('versions', [{ id: 'new_wait', type: 'wait.delay', config: { duration: '1d' } }]);
    expect((await h.call('PUT', '/scenarios/versions/draft', v2)).status).toBe(200);
    expect((await h.call('POST', '/scenarios/versions/publish')).body.version).toBe(2);
    await go(h, 'c', { attributes: {} });

    let counted = await stats(h, 'versions', 2);
    expect(counted.nodes.start!.entered).toBe(3);
    expect(counted.nodes.new_wait!.waiting).toBe(1);
    expect(counted.nodes.old_wait).toBeUndefined();
    expect(counted.removed).toEqual([{ version: 1, node: 'old_wait', waiting: 2 }]);
    expect(counted.versions.map((v) => [v.version, v.nodes.start?.entered])).toEqual([
      [2, 1],
      [1, 2],
    ]);

    // Once every contact has left, the totals stay: v1's contacts went through its nodes all the same.
    runTimersUntil(h, START + 3 * 86_400_000);
    counted = await stats(h, 'versions', 2);
    expect(counted.nodes.done!.exited).toBe(3);
    expect(counted.nodes.start!.entered).toBe(3);
    expect(counted.removed).toEqual([]);
  });
});
