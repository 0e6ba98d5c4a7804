import { afterEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createChannels, loadChannelConfig, type ChannelConfig, type Channels } from '../src/channels/index.ts';
import { messages } from '../src/db/schema.ts';
import { createDeliver } from '../src/delivery/index.ts';
import { Dispatcher, type Deliver } from '../src/runtime/dispatcher.ts';
import { startLoops } from '../src/runtime/loops.ts';
import { SECRET } from './channels/fixtures.ts';
import { startGatedHttpServer, startHttpServer, startSmtpSink, until, type Reply } from './channels/servers.ts';
import { harness, publishScenario, START, type Harness } from './helpers.ts';

/** The real dispatcher against real HTTP endpoints and an SMTP sink on 127.0.0.1, on the harness's manual clock. */
let h: Harness | undefined;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  h = undefined;
});

interface Setup {
  h: Harness;
  config: ChannelConfig;
  deliver: Deliver;
  /** Starts the server's background loops (the clock is manual: only the dispatcher runs). */
  loops(): void;
  dispatcher(): Dispatcher;
}

function setup(env: Record<string, string>): Setup {
  const config = loadChannelConfig({ PARCOURS_WEBHOOKS: 'live', PARCOURS_HTTP_ALLOW: '127.0.0.1', ...env });
  let channels!: Channels;
  const server = harness(START, { channels: (clock) => (channels = createChannels(config, () => clock.now())) });
  h = server;
  cleanups.push(() => server.close());
  const deliver = createDeliver({ db: server.db, channels, versions: server.runtime.versions });
  return {
    h: server,
    config,
    deliver,
    loops: () => {
      const stop = startLoops({ runtime: server.runtime, deliver, delivery: config.delivery, tickMs: 10, batchSize: 100, timeMovesByItself: false });
      cleanups.push(stop);
    },
    dispatcher: () => new Dispatcher({ db: server.db, deliver, now: () => server.clock.now(), settings: config.delivery }),
  };
}

const smtpEnv = (port: number) => ({
  PARCOURS_SMTP_HOST: '127.0.0.1',
  PARCOURS_SMTP_PORT: String(port),
  PARCOURS_FROM: 'Parcours <news@parcours.test>',
  PARCOURS_PUBLIC_URL: 'https://parcours.test',
  PARCOURS_UNSUBSCRIBE_SECRET: SECRET,
});

async function server(replies: Reply[]) {
  const started = await startHttpServer(replies);
  cleanups.push(() => started.close());
  return started;
}

async function gated() {
  const started = await startGatedHttpServer();
  cleanups.push(() => started.close());
  return started;
}

/** go_<id> → a webhook to `url` (then an email, when asked) → exit. */
function hooked(id: string, url: string, withEmail = false) {
  const nodes = [
    { id: 'start', type: 'entry.event', config: { event: `go_${id}` } },
    { id: 'call', type: 'action.webhook', config: { url, method: 'POST' } },
    ...(withEmail ? [{ id: 'mail', type: 'action.email', config: { template: 'hello' } }] : []),
    { id: 'done', type: 'flow.exit', config: {} },
  ];
  return {
    schemaVersion: 1,
    id,
    name: `Scenario ${id}`,
    settings: { defaultTimeZone: 'UTC', consentRequired: { email: false, sms: false, push: false }, volumeCaps: [] },
    templates: [{ id: 'hello', channel: 'email', subject: 'Hello', html: '<p>Hello</p>' }],
    nodes,
    edges: nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i].id, target: node.id })),
  };
}

async function enrol(scenarioId: string, contacts: string[]): Promise<void> {
  for (const id of contacts) {
    expect((await h!.call('PUT', `/contacts/${id}`, { attributes: { email: `${id}@example.test` } })).status).toBe(200);
    expect((await h!.call('POST', '/track', { userId: id, event: `go_${scenarioId}` })).status).toBeLessThan(300);
  }
}

const rowsOf = (scenarioId: string) => h!.db.select().from(messages).where(eq(messages.scenarioId, scenarioId)).orderBy(asc(messages.id)).all();
const statusesOf = (scenarioId: string) => rowsOf(scenarioId).map((row) => row.status);
const allSent = (scenarioId: string) => statusesOf(scenarioId).every((status) => status === 'sent');
const contacts = (count: number, prefix = 'c') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

describe('template variables the contact lacks', () => {
  it('fails the send with the very reason the simulate route gives for the same contact', async () => {
    const { h, dispatcher } = setup({});
    // go_strict → an email whose subject reads the plan without a default → exit.
    const { settings, templates } = hooked('strict', '');
    await publishScenario(h, {
      schemaVersion: 1,
      id: 'strict',
      name: 'Strict',
      settings,
      templates: [{ ...templates[0], subject: 'Your {{ contact.plan }} plan' }],
      nodes: [
        { id: 'start', type: 'entry.event', config: { event: 'go_strict' } },
        { id: 'mail', type: 'action.email', config: { template: 'hello' } },
        { id: 'done', type: 'flow.exit', config: {} },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'mail' },
        { id: 'e2', source: 'mail', target: 'done' },
      ],
    });
    const simulated = await h.call('POST', '/scenarios/strict/simulate', {
      contact: { id: 'c1', attributes: { email: 'c1@example.test' } },
      events: [{ at: '0m', event: 'go_strict' }],
    });
    expect(simulated.status).toBe(200);
    const reason = simulated.body.messages[0].failure;
    expect(reason).toMatch(/^template "hello": subject, line 1, column \d+: undefined variable: contact\.plan$/);
    expect(simulated.body.steps.find((s: { node: string }) => s.node === 'mail').failure).toBe(reason);

    await enrol('strict', ['c1']);
    const sending = dispatcher();
    expect(sending.dispatch(100)).toBe(1);
    await sending.settled();
    expect(rowsOf('strict')).toEqual([expect.objectContaining({ status: 'failed', reason })]);
  });
});

describe('isolation', () => {
  it('a hanging webhook host holds only its own lane: another host and an email go out while its requests are open', async () => {
    const slow = await gated();
    const fast = await server([{ status: 200 }]);
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const { loops } = setup({ PARCOURS_DELIVERY_PER_HOST: '2', ...smtpEnv(sink.port) });
    await publishScenario(h!, hooked('slow', `${slow.url}/hook`));
    await publishScenario(h!, hooked('fast', `${fast.url}/hook`, true));
    // The slow host's messages are the oldest: the dispatcher picks them first.
    await enrol('slow', contacts(5));
    await enrol('fast', ['f1']);
    loops();

    await until(() => fast.requests.length === 1 && sink.mails.length === 1 && allSent('fast'));
    await until(() => slow.open === 2);
    // Not one of the slow host's requests was answered, and it never got more than its lane's two.
    expect(slow.requests).toHaveLength(2);
    expect(statusesOf('slow')).toEqual(Array(5).fill('pending'));
    expect(rowsOf('fast').map((row) => [row.channel, row.status])).toEqual([
      ['webhook', 'sent'],
      ['email', 'sent'],
    ]);

    slow.openUp();
    await until(() => allSent('slow'));
    expect(slow.requests).toHaveLength(5);
    expect(slow.maxOpen).toBe(2);
  });

  it('keeps at most the channel concurrency in flight, as the endpoint counts it', async () => {
    const endpoint = await gated();
    const { loops } = setup({ PARCOURS_DELIVERY_CONCURRENCY: 'webhook:3', PARCOURS_DELIVERY_PER_HOST: '10' });
    await publishScenario(h!, hooked('many', endpoint.url));
    await enrol('many', contacts(10));
    loops();

    await until(() => endpoint.open === 3);
    while (!allSent('many')) {
      endpoint.releaseHeld();
      await until(() => endpoint.open > 0 || allSent('many'));
    }
    expect(endpoint.requests).toHaveLength(10);
    expect(endpoint.maxOpen).toBe(3);
  });
});

describe('retries as rows', () => {
  it('schedules a 503 as a later attempt on the row, tries it when the clock reaches it, and fails it after the last try', async () => {
    const endpoint = await server([{ status: 503, body: 'busy' }]);
    const { h, dispatcher } = setup({ PARCOURS_DELIVERY_ATTEMPTS: '3', PARCOURS_RETRY_MIN_DELAY_MS: '60000', PARCOURS_RETRY_MAX_DELAY_MS: '600000' });
    await publishScenario(h, hooked('flaky', endpoint.url));
    await enrol('flaky', ['c1']);
    const sending = dispatcher();

    const tryOnce = async () => {
      expect(sending.dispatch(100)).toBe(1);
      await sending.settled();
      return rowsOf('flaky')[0];
    };
    const first = await tryOnce();
    expect(first).toMatchObject({ status: 'pending', attempts: 1, reason: 'HTTP 503: busy', sentAt: null });
    // Backoff: 60 s × 2^0, randomised ×1–2.
    expect(first.nextAttemptAt).toBeGreaterThanOrEqual(START + 60_000);
    expect(first.nextAttemptAt).toBeLessThanOrEqual(START + 120_000);
    // A developer sees the retry in the outbox over HTTP.
    const listed = await h.call('GET', '/messages?scenarioId=flaky');
    expect(listed.body.items[0]).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date(first.nextAttemptAt!).toISOString() });

    // Not due yet: nothing is picked, nothing waits in memory.
    h.clock.set(first.nextAttemptAt! - 1);
    expect(sending.dispatch(100)).toBe(0);
    expect(endpoint.requests).toHaveLength(1);

    h.clock.set(first.nextAttemptAt!);
    const second = await tryOnce();
    expect(second).toMatchObject({ status: 'pending', attempts: 2, reason: 'HTTP 503: busy' });
    expect(second.nextAttemptAt! - h.clock.now()).toBeGreaterThanOrEqual(120_000);
    expect(second.nextAttemptAt! - h.clock.now()).toBeLessThanOrEqual(240_000);

    h.clock.set(second.nextAttemptAt!);
    const last = await tryOnce();
    expect(last).toMatchObject({ status: 'failed', attempts: 3, reason: 'HTTP 503: busy', nextAttemptAt: null, sentAt: null });
    h.clock.advance(86_400_000);
    expect(sending.dispatch(100)).toBe(0);
    expect(endpoint.requests).toHaveLength(3);
    expect(new Set(endpoint.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('tries a retry written before a restart once it is due, from a new dispatcher', async () => {
    const endpoint = await server([{ status: 503 }, { status: 200 }]);
    const { h, dispatcher } = setup({ PARCOURS_RETRY_MIN_DELAY_MS: '60000', PARCOURS_RETRY_MAX_DELAY_MS: '600000' });
    await publishScenario(h, hooked('restarted', endpoint.url));
    await enrol('restarted', ['c1']);
    const before = dispatcher();
    expect(before.dispatch(100)).toBe(1);
    await before.settled();
    const { nextAttemptAt } = rowsOf('restarted')[0];

    const after = dispatcher();
    h.clock.set(nextAttemptAt! - 1);
    expect(after.dispatch(100)).toBe(0);
    h.clock.set(nextAttemptAt!);
    expect(after.dispatch(100)).toBe(1);
    await after.settled();
    expect(rowsOf('restarted')[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(endpoint.requests).toHaveLength(2);
  });

  it('fails a 400 at once', async () => {
    const endpoint = await server([{ status: 400, body: 'bad payload' }]);
    const { h, dispatcher } = setup({});
    await publishScenario(h, hooked('refused', endpoint.url));
    await enrol('refused', ['c1']);
    const sending = dispatcher();
    expect(sending.dispatch(100)).toBe(1);
    await sending.settled();
    expect(rowsOf('refused')).toEqual([expect.objectContaining({ status: 'failed', attempts: 1, reason: 'HTTP 400: bad payload', nextAttemptAt: null })]);
  });

  it('retries on the running server when POST /api/clock moves the manual clock past the next attempt', async () => {
    const endpoint = await server([{ status: 503 }, { status: 200 }]);
    const { h, loops } = setup({ PARCOURS_RETRY_MIN_DELAY_MS: '60000', PARCOURS_RETRY_MAX_DELAY_MS: '600000' });
    await publishScenario(h, hooked('later', endpoint.url));
    await enrol('later', ['c1']);
    loops();
    await until(() => rowsOf('later')[0].attempts === 1);
    expect(rowsOf('later')[0]).toMatchObject({ status: 'pending', reason: 'HTTP 503' });

    expect((await h.call('POST', '/clock', { advance: '2m' })).status).toBe(200);
    await until(() => allSent('later'));
    expect(rowsOf('later')[0]).toMatchObject({ attempts: 2, sentAt: START + 120_000, nextAttemptAt: null });
    expect(endpoint.requests).toHaveLength(2);
  });
});

describe('rate limit', () => {
  it('sends at most the configured messages per second of the clock', async () => {
    const endpoint = await server([{ status: 200 }]);
    const { h, dispatcher } = setup({ PARCOURS_RATE_LIMIT: 'webhook:2' });
    await publishScenario(h, hooked('paced', endpoint.url));
    await enrol('paced', contacts(5));
    const sending = dispatcher();

    /** Sends all it may in the current clock second; returns how many the endpoint received. */
    const sendThisSecond = async () => {
      const before = endpoint.requests.length;
      while (sending.dispatch(100) > 0) await sending.settled();
      return endpoint.requests.length - before;
    };
    const perSecond = [await sendThisSecond()];
    for (let second = 1; second <= 3; second += 1) {
      h.clock.advance(1000);
      perSecond.push(await sendThisSecond());
    }
    expect(perSecond).toEqual([2, 2, 1, 0]);
    expect(allSent('paced')).toBe(true);
  });
});

describe('outcomes written in batches', () => {
  it('writes the outcomes of answered sends together, a batch once it is full, the rest when the dispatcher settles', async () => {
    const { h, deliver, config } = setup({ PARCOURS_WEBHOOKS: 'sandbox', PARCOURS_DELIVERY_PER_HOST: '10' });
    await publishScenario(h, hooked('batched', 'https://crm.example.test/hook'));
    await enrol('batched', contacts(5));
    let answered = 0;
    const counted: Deliver = async (row, now) => {
      const outcome = await deliver(row, now);
      answered += 1;
      return outcome;
    };
    // A flush timer far longer than the test: only a full batch or settling writes.
    const sending = new Dispatcher({ db: h.db, deliver: counted, now: () => h.clock.now(), settings: config.delivery, flushSize: 2, flushMs: 3_600_000 });
    expect(sending.dispatch(100)).toBe(5);
    await until(() => answered === 5);
    await new Promise((resolve) => setImmediate(resolve));
    // Two full batches of two were written; the fifth outcome waits for the next batch.
    expect(statusesOf('batched')).toEqual(['sandboxed', 'sandboxed', 'sandboxed', 'sandboxed', 'pending']);
    await sending.settled();
    expect(statusesOf('batched')).toEqual(Array(5).fill('sandboxed'));
  });
});
