import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '@parcours/server';
import { startPostgresCluster, type PostgresCluster } from './support/postgres-cluster.ts';
import { callServer, serverDir, startServer, startWorker, stopServer, type ServerProcess } from './support/server-process.ts';

/**
 * Several server processes on one PostgreSQL, as issue 12 runs them: two API processes take events and consent
 * changes, three workers fire the waits and send; one worker is killed (SIGKILL) in the middle of the timer burst.
 * Counted at the end: events acknowledged and not stored, steps sent twice, waits never fired, scores stepped twice or
 * lost, consents that are not the last written.
 */
const KEY = 'pk_processes_test_admin_key_0123';
const CONTACTS = 2_000;
const PER_REQUEST = 100;
const ROUNDS = 6;
const { noExamples } = serverDir('parcours-processes-');
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000);
afterAll(() => cluster?.stop());

const ids = Array.from({ length: CONTACTS }, (_, i) => `p${String(i).padStart(5, '0')}`);
const chunks = <T>(items: T[]) => Array.from({ length: Math.ceil(items.length / PER_REQUEST) }, (_, i) => items.slice(i * PER_REQUEST, (i + 1) * PER_REQUEST));

/** A webhook receiver counting each request by its idempotency key (what a receiver drops a repeat by). */
async function receiver(): Promise<{ server: Server; url: string; received: Map<string, number> }> {
  const received = new Map<string, number>();
  const server = createServer((req, res) => {
    const key = String(req.headers['idempotency-key']);
    received.set(key, (received.get(key) ?? 0) + 1);
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

/** signed_up → wait 8 s → score +1 (the worker rewrites the contact's row) → webhook → exit. */
const journey = (hook: string) => ({
  schemaVersion: 1,
  id: 'follow-up',
  name: 'Follow-up',
  settings: { defaultTimeZone: 'UTC', consentRequired: { email: false, sms: false, push: false }, volumeCaps: [] },
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'wait', type: 'wait.delay', config: { duration: '8s' } },
    { id: 'score', type: 'action.score', config: { attribute: 'score', delta: 1 } },
    { id: 'call', type: 'action.webhook', config: { url: hook, method: 'POST' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'score' },
    { id: 'e3', source: 'score', target: 'call' },
    { id: 'e4', source: 'call', target: 'done' },
  ],
});

/**
 * Sends every request, four at a time, each to the next API process in turn from the `first`; resolves once all are
 * acknowledged. (Rounds start from another process each: one contact's changes go through both.)
 */
async function send(apis: ServerProcess[], path: string, bodies: unknown[], first = 0): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < bodies.length) {
      const i = next++;
      const res = await callServer(apis[(first + i) % apis.length].base, KEY, 'POST', path, bodies[i]);
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, client));
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two API processes and three workers on one PostgreSQL', () => {
  it('lose no event, send no step twice, lose no wait and keep consents as last written, with a worker killed under a timer burst', async () => {
    const url = cluster.createDatabase('processes');
    const hook = await receiver();
    const env = {
      PARCOURS_DATABASE_URL: url,
      PARCOURS_ADMIN_KEY: KEY,
      PARCOURS_SCENARIOS: noExamples,
      PARCOURS_PUBLIC_URL: 'http://127.0.0.1:1',
      PARCOURS_WEBHOOKS: 'live',
      PARCOURS_HTTP_ALLOW: '127.0.0.1',
      PARCOURS_HTTP_TIMEOUT_MS: '2000',
      // A killed worker's messages go to another once its claims expire: a few seconds here, minutes by default.
      PARCOURS_DELIVERY_CLAIM_MS: '4000',
      PARCOURS_TICK_MS: '50',
      PARCOURS_LONG_TASK_MS: '0',
    };
    const processes: ServerProcess[] = [];
    try {
      const apis = [await startServer({ ...env, PARCOURS_ROLE: 'api' }), await startServer({ ...env, PARCOURS_ROLE: 'api' })];
      processes.push(...apis);
      expect((await callServer(apis[0].base, KEY, 'POST', '/scenarios/import', journey(hook.url))).status).toBe(201);
      expect((await callServer(apis[0].base, KEY, 'POST', '/scenarios/follow-up/publish')).status).toBe(201);
      const workers = [await startWorker(env), await startWorker(env), await startWorker(env)];
      processes.push(...workers);

      // Both API processes enrol the contacts (the other heard of the publish), a first consent with each event.
      await send(apis, '/batch', chunks(ids).map((group) => ({ batch: group.map((userId) => ({ type: 'track', userId, event: 'signed_up' })) })));
      await send(apis, '/contacts/batch', chunks(ids).map((group) => ({ contacts: group.map((id) => ({ id, consents: { email: true } })) })));
      // Then the waits fall due: consents and an attribute keep changing through both API processes while the workers
      // step the same contacts (their score), and one worker is killed once a fifth of the messages went out.
      await until(() => hook.received.size > 0, 60_000, 'the first message');
      const consentRounds = (async () => {
        for (let round = 0; round < ROUNDS; round++) {
          const written = ids.map((id, i) => ({ id, consents: { email: (round + i) % 2 === 0 }, attributes: { round } }));
          await send(apis, '/contacts/batch', chunks(written).map((contacts) => ({ contacts })), round);
        }
      })();
      await until(() => hook.received.size >= CONTACTS / 5, 60_000, 'a fifth of the messages');
      await stopServer(workers[0].child, 'SIGKILL');
      processes.splice(processes.indexOf(workers[0]), 1);
      await consentRounds;
      await until(() => hook.received.size >= CONTACTS, 90_000, 'every message');

      const db = openPostgresDatabase(url);
      const count = (text: string) => Number(db.$client.prepare(text).pluck().get());
      const counts = {
        contacts: CONTACTS,
        lostEvents: CONTACTS - count("SELECT count(DISTINCT contact_id) FROM events WHERE name = 'signed_up'"),
        stepsSentTwice: count('SELECT count(*) FROM (SELECT enrolment_id, node FROM messages GROUP BY enrolment_id, node HAVING count(*) > 1) AS twice'),
        messagesReceived: hook.received.size,
        // A send whose outcome the killed worker never wrote goes again, with its key: the receiver drops the repeat.
        repeatsOfAKey: [...hook.received.values()].filter((times) => times > 1).length,
        enrolments: count('SELECT count(*) FROM enrolments'),
        lostWaits: CONTACTS - count("SELECT count(*) FROM enrolments WHERE status <> 'active'"),
        scoresNotOne: count(`SELECT count(*) FROM contacts WHERE (attributes::jsonb ->> 'score') IS DISTINCT FROM '1'`),
        roundsNotLastWritten: count(`SELECT count(*) FROM contacts WHERE (attributes::jsonb ->> 'round') IS DISTINCT FROM '${ROUNDS - 1}'`),
        consentsNotLastWritten: ids.filter((id, i) => {
          const consents = JSON.parse(String(db.$client.prepare('SELECT consents FROM contacts WHERE id = ?').pluck().get(id)));
          return consents.email !== ((ROUNDS - 1 + i) % 2 === 0);
        }).length,
      };
      db.$client.close();
      console.log(`processes: ${JSON.stringify(counts)}`);
      expect(counts).toMatchObject({ lostEvents: 0, stepsSentTwice: 0, enrolments: CONTACTS, messagesReceived: CONTACTS, lostWaits: 0, scoresNotOne: 0, roundsNotLastWritten: 0, consentsNotLastWritten: 0 });
      // Only what was on its way when the worker died can have gone twice.
      expect(counts.repeatsOfAKey).toBeLessThanOrEqual(100);
    } finally {
      await Promise.all(processes.map((server) => stopServer(server.child)));
      hook.server.close();
    }
  }, 300_000);
});
