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
