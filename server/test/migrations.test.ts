import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/open.ts';
import { REPO } from './helpers.ts';

const MIGRATIONS = join(REPO, 'server/drizzle');
let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

/** A database as the first migration alone left it. */
function databaseAtFirstMigration(file: string): Database.Database {
  const first = join(dir!, 'first');
  mkdirSync(join(first, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
  writeFileSync(join(first, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }));
  copyFileSync(join(MIGRATIONS, `${journal.entries[0].tag}.sql`), join(first, `${journal.entries[0].tag}.sql`));
  const sqlite = new Database(file);
  migrate(drizzle(sqlite), { migrationsFolder: first });
  return sqlite;
}

describe('migration 0001: the triggering event on enrolments and outbox rows', () => {
  it('gives pending messages of event-started enrolments the event that started them, and nothing to the rest', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const file = join(dir, 'old.sqlite');
    const old = databaseAtFirstMigration(file);
    const scenario = { nodes: [{ id: 'start', type: 'entry.event', config: { event: 'order' } }] };
    old.exec(`
      INSERT INTO contacts (id, anonymous, attributes, consents, lists, created_at, updated_at) VALUES ('zoe', 0, '{}', '{}', '[]', 0, 0);
      INSERT INTO scenarios (id, name, status, draft, created_at, updated_at) VALUES ('s', 'S', 'live', '{}', 0, 0);
      INSERT INTO scenario_versions (scenario_id, version, definition, published_at) VALUES ('s', 1, '${JSON.stringify(scenario)}', 0);
      INSERT INTO events (contact_id, name, properties, at, received_at) VALUES ('zoe', 'page', '{}', 100, 100);
      INSERT INTO events (contact_id, name, properties, at, received_at) VALUES ('zoe', 'order', '{"ref":"A-1"}', 100, 100);
      INSERT INTO events (contact_id, name, properties, at, received_at) VALUES ('zoe', 'order', '{"ref":"A-2"}', 200, 200);
      INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, trigger, entered_at, updated_at) VALUES ('zoe', 's', 1, 1, 'active', 'event', 100, 100);
      INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, trigger, entered_at, updated_at) VALUES ('zoe', 's', 1, 0, 'exited', 'api', 100, 100);
      INSERT INTO messages (idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, status, created_at) VALUES ('k1', 'zoe', 1, 's', 1, 'n', 'email', 'pending', 100);
      INSERT INTO messages (idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, status, created_at) VALUES ('k2', 'zoe', 1, 's', 1, 'n', 'email', 'sent', 100);
      INSERT INTO messages (idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, status, created_at) VALUES ('k3', 'zoe', 2, 's', 1, 'n', 'email', 'pending', 100);
    `);
    old.close();

    const db = openDatabase(file);
    const events = db.$client.prepare('SELECT idempotency_key AS key, event FROM messages ORDER BY id').all() as Array<{ key: string; event: string | null }>;
    db.$client.close();
    expect(events.map((m) => [m.key, m.event && JSON.parse(m.event)])).toEqual([
      ['k1', { name: 'order', properties: { ref: 'A-1' } }],
      ['k2', null],
      ['k3', null],
    ]);
  });
});

describe('migration 0004: date entries, contact search and indexes', () => {
  it('indexes the existing contacts for search and queues a date-entry backfill for the date scenarios live then', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const file = join(dir, 'old.sqlite');
    const old = databaseAtFirstMigration(file);
    const dated = { nodes: [{ id: 'start', type: 'entry.date', config: { attribute: 'birthday', at: '09:00' } }] };
    const evented = { nodes: [{ id: 'start', type: 'entry.event', config: { event: 'order' } }] };
    old.exec(`
      INSERT INTO contacts (id, anonymous, attributes, consents, lists, created_at, updated_at) VALUES ('zoe', 0, '{"city":"Lyon","birthday":"1990-03-01"}', '{}', '[]', 0, 0);
      INSERT INTO scenarios (id, name, status, draft, created_at, updated_at) VALUES ('bday', 'B', 'live', '{}', 0, 0), ('gone', 'G', 'archived', '{}', 0, 0), ('shop', 'S', 'live', '{}', 0, 0);
      INSERT INTO scenario_versions (scenario_id, version, definition, published_at) VALUES
        ('bday', 1, '${JSON.stringify(evented)}', 0), ('bday', 2, '${JSON.stringify(dated)}', 0),
        ('gone', 1, '${JSON.stringify(dated)}', 0), ('shop', 1, '${JSON.stringify(dated)}', 0), ('shop', 2, '${JSON.stringify(evented)}', 0);
    `);
    old.close();

    const db = openDatabase(file);
    const q = (sql: string) => db.$client.prepare(sql).all();
    expect(q(`SELECT c.id FROM contacts c JOIN contacts_search s ON s.rowid = c.rowid WHERE contacts_search MATCH 'lyon'`)).toEqual([{ id: 'zoe' }]);
    // Only the latest version of a live scenario, when it has a date entry.
    expect(q('SELECT scenario_id AS id, version, after_contact AS after FROM entry_backfills')).toEqual([{ id: 'bday', version: 2, after: null }]);
    const plan = (sql: string) => q(`EXPLAIN QUERY PLAN ${sql}`).map((row) => (row as { detail: string }).detail);
    expect(plan('SELECT * FROM contacts ORDER BY updated_at DESC, id ASC LIMIT 50')).toEqual(['SCAN contacts USING INDEX contacts_updated']);
    expect(plan('SELECT id FROM messages WHERE enrolment_id = 1')).toEqual(['SEARCH messages USING COVERING INDEX messages_enrolment (enrolment_id=?)']);
    expect(plan('SELECT contact_id FROM date_entries WHERE due_at <= 5 ORDER BY due_at LIMIT 10')).toEqual(['SEARCH date_entries USING INDEX date_entries_due (due_at<?)']);
    db.$client.close();
  });
});

describe('migration 0006: timers on their enrolment', () => {
  it("moves each active enrolment's pending timer onto its row (the earliest, if several), and drops the timers table", () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const file = join(dir, 'old.sqlite');
    const old = databaseAtFirstMigration(file);
    old.exec(`
      INSERT INTO contacts (id, anonymous, attributes, consents, lists, created_at, updated_at) VALUES ('zoe', 0, '{}', '{}', '[]', 0, 0);
      INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, trigger, entered_at, updated_at) VALUES
        ('zoe', 'a', 1, 1, 'active', 'event', 0, 0), ('zoe', 'b', 1, 1, 'active', 'event', 0, 0), ('zoe', 'c', 1, 1, 'active', 'event', 0, 0);
      INSERT INTO timers (enrolment_id, node, seq, due_at) VALUES (1, 'wait', 2, 500), (2, 'later', 3, 900), (2, 'sooner', 4, 700);
    `);
    old.close();

    const db = openDatabase(file);
    const rows = db.$client.prepare('SELECT scenario_id AS s, due_at AS at, timer_node AS node, timer_seq AS seq FROM enrolments ORDER BY id').all();
    const tables = db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'timers'").all();
    const plan = (sql: string) => (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join('; ');
    const activePlan = plan("SELECT * FROM enrolments INDEXED BY enrolments_one_active WHERE contact_id = 'zoe' AND status = 'active' ORDER BY id");
    const duePlan = plan('SELECT id FROM enrolments WHERE due_at IS NOT NULL AND due_at <= 600 ORDER BY due_at, id LIMIT 10');
    db.$client.close();
    // A contact's active enrolments and the due timers are read through indexes, not scans.
    expect(activePlan).toContain('USING INDEX enrolments_one_active');
    expect(duePlan).toContain('enrolments_due');
    expect(rows).toEqual([
      { s: 'a', at: 500, node: 'wait', seq: 2 },
      { s: 'b', at: 700, node: 'sooner', seq: 4 },
      { s: 'c', at: null, node: null, seq: null },
    ]);
    expect(tables).toEqual([]);
  });
});

describe('migration 0010: the trace keyed by enrolment', () => {
  it('keeps every trace row of an existing enrolment, drops orphans, and reads a timeline and an erasure through indexes', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const file = join(dir, 'old.sqlite');
    const old = databaseAtFirstMigration(file);
    old.exec(`
      INSERT INTO contacts (id, anonymous, attributes, consents, lists, created_at, updated_at) VALUES ('zoe', 0, '{}', '{}', '[]', 0, 0), ('max', 0, '{}', '{}', '[]', 0, 0);
      INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, trigger, entered_at, updated_at) VALUES
        ('zoe', 'a', 1, 1, 'active', 'event', 0, 0), ('max', 'a', 1, 1, 'exited', 'event', 0, 0);
      INSERT INTO steps (enrolment_id, contact_id, scenario_id, version, at, node, type, outcome) VALUES
        (1, 'zoe', 'a', 1, 10, 'start', 'entry.event', 'entered'), (2, 'max', 'a', 1, 20, 'start', 'entry.event', 'entered'),
        (1, 'zoe', 'a', 1, 30, 'wait', 'wait.delay', 'waiting'), (99, 'zoe', 'a', 1, 40, 'lost', 'wait.delay', 'waiting');
    `);
    old.close();

    const db = openDatabase(file);
    const rows = db.$client.prepare('SELECT id, enrolment_id AS e, node FROM steps ORDER BY id').all();
    const columns = db.$client.prepare("SELECT name FROM pragma_table_info('steps')").pluck().all();
    const plan = (sql: string) => (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join('; ');
    const timelinePlan = plan("SELECT s.* FROM steps s JOIN enrolments e ON e.id = s.enrolment_id WHERE e.contact_id = 'zoe' ORDER BY s.at DESC LIMIT 10");
    db.$client.exec("DELETE FROM contacts WHERE id = 'zoe'");
    const left = db.$client.prepare('SELECT node FROM steps ORDER BY id').pluck().all();
    db.$client.close();
    expect(rows).toEqual([
      { id: 1, e: 1, node: 'start' },
      { id: 2, e: 2, node: 'start' },
      { id: 3, e: 1, node: 'wait' },
    ]);
    expect(columns).not.toContain('contact_id');
    expect(timelinePlan).toContain('steps_enrolment');
    // Erasure cascades from the contact to its enrolments to their trace.
    expect(left).toEqual(['start']);
  });
});

describe('migration 0012: daily counters', () => {
  it('backfills entries, ends, sends by what became of them, and the skips and deferrals of the trace, per UTC day', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const file = join(dir, 'old.sqlite');
    const old = databaseAtFirstMigration(file);
    const day = 86_400_000;
    // Day 100: two entries; one converts at the goal on day 101, one exits on day 102; one still active entered day 101.
    old.exec(`
      INSERT INTO contacts (id, anonymous, attributes, consents, lists, created_at, updated_at) VALUES ('zoe', 0, '{}', '{}', '[]', 0, 0);
      INSERT INTO enrolments (contact_id, scenario_id, version, pass, status, node, trigger, entered_at, exited_at, updated_at) VALUES
        ('zoe', 's', 1, 1, 'converted', 'goal', 'event', ${100 * day + 5}, ${101 * day + 7}, 0),
        ('zoe', 's', 1, 2, 'exited', 'out', 'event', ${100 * day + 9}, ${102 * day}, 0),
        ('zoe', 's', 2, 3, 'active', 'wait', 'event', ${101 * day}, NULL, 0);
      INSERT INTO messages (idempotency_key, contact_id, enrolment_id, scenario_id, version, node, channel, status, created_at) VALUES
        ('k1', 'zoe', 1, 's', 1, 'mail', 'email', 'sent', ${100 * day + 6}),
        ('k2', 'zoe', 2, 's', 1, 'mail', 'email', 'pending', ${100 * day + 10}),
        ('k3', 'zoe', 2, 's', 1, 'mail', 'email', 'failed', ${100 * day + 11});
      INSERT INTO steps (enrolment_id, contact_id, scenario_id, version, at, node, type, outcome, rule) VALUES
        (2, 'zoe', 's', 1, ${101 * day + 1}, 'sms', 'action.sms', 'skipped', 'consent'),
        (2, 'zoe', 's', 1, ${101 * day + 2}, 'sms', 'action.sms', 'deferred', 'quiet_hours');
    `);
    old.close();

    const db = openDatabase(file);
    const rows = db.$client.prepare('SELECT day, version, node, metric, n FROM daily_counters ORDER BY day, version, node, metric').all();
    db.$client.close();
    expect(rows).toEqual([
      { day: 100, version: 1, node: '', metric: 'entered', n: 2 },
      { day: 100, version: 1, node: 'mail', metric: 'failed', n: 1 },
      { day: 100, version: 1, node: 'mail', metric: 'sent', n: 2 },
      { day: 101, version: 1, node: 'goal', metric: 'converted', n: 1 },
      { day: 101, version: 1, node: 'sms', metric: 'deferred', n: 1 },
      { day: 101, version: 1, node: 'sms', metric: 'skipped', n: 1 },
      { day: 101, version: 2, node: '', metric: 'entered', n: 1 },
      { day: 102, version: 1, node: 'out', metric: 'exited', n: 1 },
    ]);
  });
});

describe('migration 0022: the phone lookup of text message replies', () => {
  it('finds the contacts and the pending requests of a phone number through an index, not a scan of the contacts', () => {
    dir = mkdtempSync(join(tmpdir(), 'parcours-migrate-'));
    const db = openDatabase(join(dir, 'new.sqlite'));
    const plan = (sql: string) => (db.$client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>).map((row) => row.detail).join('; ');
    // As store/consent-requests.ts asks (drizzle qualifies the column with its table).
    const contactsPlan = plan(`SELECT "contacts"."id" FROM "contacts" WHERE json_extract("contacts"."attributes", '$.phone') = '+33612345678'`);
    const requestsPlan = plan(
      `SELECT "consent_requests"."id" FROM "consent_requests" INNER JOIN "contacts" ON "contacts"."id" = "consent_requests"."contact_id"
       WHERE "consent_requests"."channel" = 'sms' AND "consent_requests"."status" = 'pending' AND json_extract("contacts"."attributes", '$.phone') = '+33612345678'`,
    );
    db.$client.close();
    expect(contactsPlan).toContain('USING INDEX contacts_phone');
    expect(requestsPlan).toContain('USING INDEX contacts_phone');
  });
});
