import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '@parcours/server';
import { startPostgresCluster, type PostgresCluster } from './support/postgres-cluster.ts';
import { callServer, killWhileIngesting, serverDir, serverRefusal, startServer, stopServer } from './support/server-process.ts';

/**
 * The real server binary on PostgreSQL (PARCOURS_DATABASE_URL): a journey with a wait runs through a restart, a kill -9
 * under ingest loses no acknowledged event, and a database that sorts text by a language's rules is refused at start
 * with the statement that makes a fitting one. Several processes at once: postgres-processes.test.ts.
 */
const KEY = 'pk_postgres_server_test_admin_key';
const { noExamples } = serverDir('parcours-postgres-server-');
let cluster: PostgresCluster;
let made = 0;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 120_000);
afterAll(() => cluster?.stop());

const env = (url: string) => ({ PARCOURS_DATABASE_URL: url, PARCOURS_ADMIN_KEY: KEY, PARCOURS_SCENARIOS: noExamples, PARCOURS_CLOCK: 'manual', PARCOURS_CLOCK_START: '2026-03-02T08:00:00Z' });
const freshDatabase = () => cluster.createDatabase(`server_${made++}`);

function query<T>(url: string, text: string): T[] {
  const db = openPostgresDatabase(url);
  try {
    return db.$client.prepare(text).all() as T[];
  } finally {
    db.$client.close();
  }
}

/** signed_up → wait 2 days → a webhook (sandboxed) → exit. */
const journey = {
  schemaVersion: 1,
  id: 'follow-up',
  name: 'Follow-up',
  settings: { defaultTimeZone: 'UTC', consentRequired: { email: false, sms: false, push: false }, volumeCaps: [] },
  nodes: [
    { id: 'start', type: 'entry.event', config: { event: 'signed_up' } },
    { id: 'wait', type: 'wait.delay', config: { duration: '2d' } },
    { id: 'call', type: 'action.webhook', config: { url: 'https://hooks.example.com/parcours', method: 'POST' } },
    { id: 'done', type: 'flow.exit', config: {} },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'wait' },
    { id: 'e2', source: 'wait', target: 'call' },
    { id: 'e3', source: 'call', target: 'done' },
  ],
};

describe('the server on PostgreSQL', () => {
  it('runs a journey whose waits outlive a restart', async () => {
    const url = freshDatabase();
    const first = await startServer(env(url));
    expect(first.output()).toContain(`database ${url}`);
    try {
      expect((await callServer(first.base, KEY, 'POST', '/scenarios/import', journey)).status).toBe(201);
      expect((await callServer(first.base, KEY, 'POST', '/scenarios/follow-up/publish')).status).toBe(201);
      for (const userId of ['ana', 'bob', 'cid']) expect((await callServer(first.base, KEY, 'POST', '/track', { userId, event: 'signed_up' })).status).toBe(200);
    } finally {
      await stopServer(first.child);
    }
    expect(query<{ n: number }>(url, 'SELECT count(*) AS n FROM enrolments WHERE due_at IS NOT NULL')).toEqual([{ n: 3 }]);

    const restarted = await startServer(env(url));
    try {
      expect((await callServer(restarted.base, KEY, 'POST', '/clock', { advance: '2d' })).status).toBe(200);
      await expect
        .poll(async () => (await callServer(restarted.base, KEY, 'GET', '/messages?scenarioId=follow-up')).body.items.map((m: { contactId: string; status: string }) => `${m.contactId}:${m.status}`).sort())
        .toEqual(['ana:sandboxed', 'bob:sandboxed', 'cid:sandboxed']);
    } finally {
      await stopServer(restarted.child);
    }
  });

  it('keeps every acknowledged event through kill -9, and the restart on the same database is accepted', async () => {
    const url = freshDatabase();
    const acknowledged = await killWhileIngesting(await startServer(env(url)), KEY, 300);
    const restarted = await startServer(env(url));
    try {
      const stored = new Set(query<{ id: string }>(url, "SELECT contact_id AS id FROM events WHERE name = 'crash'").map((row) => row.id));
      expect(acknowledged.length).toBeGreaterThanOrEqual(300);
      expect(acknowledged.filter((userId) => !stored.has(userId))).toEqual([]);
    } finally {
      await stopServer(restarted.child);
    }
  });

  it('refuses a database that sorts text by a language, saying how to create one that fits; and a bad URL', async () => {
    const url = freshDatabase();
    const french = url.replace(/[^/]+$/, 'french');
    query(url, "CREATE DATABASE french TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'fr-FR'");
    const refused = await serverRefusal(env(french));
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("LC_COLLATE 'C.UTF-8'");
    const bad = await serverRefusal({ ...env(url), PARCOURS_DATABASE_URL: 'mysql://db/parcours' });
    expect(bad.output).toContain('PARCOURS_DATABASE_URL must be a PostgreSQL URL');
  });
});
