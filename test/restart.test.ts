import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@parcours/server';
import { callServer, serverDir, startServer, stopServer } from './support/server-process.ts';

/**
 * Crash safety, on the real server binary: contacts wait on short timers, the process is killed
 * (SIGKILL, no shutdown) twice while timers are pending and firing, and started again on the same
 * database. Every timer must fire exactly once and every message exist exactly once.
 */
const KEY = 'pk_restart_test_admin_key';
const CONTACTS = 200;
const { dir, noExamples } = serverDir('parcours-restart-');
const dbFile = join(dir, 'parcours.sqlite');

const email = (id: string) => ({ id, channel: 'email', subject: id, html: `<p>${id}</p>` });
const scenario = {
  schemaVersion: 1,
  id: 'drip',
  name: 'Drip',
  settings: { consentRequired: { email: false, sms: false, push: false } },
  templates: [email('one'), email('two'), email('three')],
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'go' } },
    { id: 'send_1', type: 'action.email', config: { template: 'one' } },
    { id: 'wait_1', type: 'wait.delay', config: { duration: '2s' } },
    { id: 'send_2', type: 'action.email', config: { template: 'two' } },
    { id: 'wait_2', type: 'wait.delay', config: { duration: '2s' } },
    { id: 'send_3', type: 'action.email', config: { template: 'three' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: ['start', 'send_1', 'wait_1', 'send_2', 'wait_2', 'send_3', 'done'].slice(0, -1).map((source, i, all) => ({
    id: `e${i}`,
    source,
    target: [...all.slice(1), 'done'][i],
  })),
};

const start = () =>
  startServer({ PARCOURS_DB: dbFile, PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples, PARCOURS_TICK_MS: '50', PARCOURS_BATCH: '50' });
const kill = (child: ChildProcess) => stopServer(child, 'SIGKILL');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const call = (base: string, method: string, path: string, body?: unknown) => callServer(base, KEY, method, path, body);

/** Reads the server's database file from outside, as a second connection (WAL lets it while the server writes). */
function readDb<T>(fn: (db: ReturnType<typeof openDatabase>['$client']) => T): T {
  const db = openDatabase(dbFile);
  try {
    return fn(db.$client);
  } finally {
    db.$client.close();
  }
}

const countOf = (query: string, ...args: string[]) => readDb((db) => (db.prepare(query).get(...args) as { n: number }).n);
const pendingTimers = () => countOf('select count(*) n from enrolments where due_at is not null');
const activeEnrolments = () => countOf("select count(*) n from enrolments where status = 'active'");
const resumedAt = (node: string) => countOf("select count(*) n from steps where outcome = 'resumed' and node = ?", node);

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

describe('stopping at any moment and starting again', () => {
  it('loses no waiting contact, fires every timer once and duplicates no message', async () => {
    let server = await start();
    expect((await call(server.base, 'POST', '/scenarios', scenario)).status).toBe(201);
    expect((await call(server.base, 'POST', '/scenarios/drip/publish')).status).toBe(201);
    const contacts = Array.from({ length: CONTACTS }, (_, i) => ({ id: `c${i}`, attributes: { email: `c${i}@example.com` } }));
    expect((await call(server.base, 'POST', '/contacts/batch', { contacts })).status).toBe(200);
    const batch = Array.from({ length: CONTACTS }, (_, i) => ({ type: 'track', userId: `c${i}`, event: 'go' }));
    expect((await call(server.base, 'POST', '/batch', { batch })).body).toEqual({ accepted: CONTACTS, enrolled: CONTACTS });
    expect(pendingTimers()).toBe(CONTACTS);
    await kill(server.child);

    // Down while the first timers fall due; up again, and killed as soon as they start firing.
    await sleep(2500);
    server = await start();
    await until(() => resumedAt('wait_1') > 0);
    await kill(server.child);
    const firedBeforeSecondKill = resumedAt('wait_1');

    // Up again, killed once every first wait is over: the second timers are all pending.
    server = await start();
    await until(() => resumedAt('wait_1') === CONTACTS);
    await kill(server.child);
    const pendingAtThirdKill = pendingTimers();

    server = await start();
    await until(() => activeEnrolments() === 0);
    // The dispatcher delivers in the background: wait for the outbox to drain (a loaded machine is slow).
    await until(() => countOf("select count(*) n from messages where status = 'pending'") === 0, 40_000);
    const messages = (await call(server.base, 'GET', '/messages?limit=1000')).body.items as Array<{ contactId: string; node: string; status: string }>;
    await kill(server.child);

    expect(firedBeforeSecondKill).toBeGreaterThan(0);
    expect(pendingAtThirdKill).toBeGreaterThan(0);
    const report = readDb((db) => ({
      timers: (db.prepare('select count(*) n from enrolments where due_at is not null').get() as { n: number }).n,
      enrolments: db.prepare('select status, count(*) n from enrolments group by status').all(),
      resumed: db.prepare("select node, count(*) n, count(distinct enrolment_id) e from steps where outcome = 'resumed' group by node order by node").all(),
    }));
    expect(report.timers).toBe(0);
    expect(report.enrolments).toEqual([{ status: 'exited', n: CONTACTS }]);
    // Each wait resumed once per contact: no timer lost, none fired twice.
    expect(report.resumed).toEqual([
      { node: 'wait_1', n: CONTACTS, e: CONTACTS },
      { node: 'wait_2', n: CONTACTS, e: CONTACTS },
    ]);
    expect(messages).toHaveLength(3 * CONTACTS);
    const perContact = new Map<string, string[]>();
    for (const m of messages) perContact.set(m.contactId, [...(perContact.get(m.contactId) ?? []), m.node]);
    expect(perContact.size).toBe(CONTACTS);
    for (const nodes of perContact.values()) expect(nodes.sort()).toEqual(['send_1', 'send_2', 'send_3']);
    expect(messages.every((m) => m.status === 'sandboxed')).toBe(true);
  }, 90_000);
});
