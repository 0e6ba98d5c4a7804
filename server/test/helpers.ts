import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ErrorAnswerSchema } from '@parcours/shared';
import { count, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { createApp } from '../src/app.ts';
import type { Channels } from '../src/channels/index.ts';
import { createApiKey } from '../src/store/keys.ts';
import type { AccountMailer } from '../src/people/mail.ts';
import { ManualClock } from '../src/clock.ts';
import { worded } from '../src/db/dialect.ts';
import type { Db } from '../src/db/open.ts';
import { enrolments } from '../src/db/schema.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { testDatabase, type TestDatabase } from '../../test/support/test-database.ts';

export const ADMIN_KEY = 'pk_test_admin_key_0123456789';
export const INGEST_KEY = 'pk_test_ingest_key_0123456789';
export const START = Date.parse('2026-01-05T08:00:00Z');

export interface Harness {
  db: Db;
  clock: ManualClock;
  runtime: Runtime;
  app: ReturnType<typeof createApp>;
  dir: string;
  /** The harness's database, to reopen it as a restarted server would. */
  database: TestDatabase;
  /** A request to the real app; `key` defaults to the admin key (null: none). */
  call(method: string, path: string, body?: unknown, key?: string | null): Promise<{ status: number; body: any }>;
  close(): void;
}

/** A fresh server on a real database (a SQLite file in a temp dir, or PostgreSQL in its project), with a hand-moved clock. */
export function harness(start = START, options: { channels?: (clock: ManualClock) => Channels; accountMail?: AccountMailer; publicUrl?: string } = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-test-'));
  const database = testDatabase(dir);
  const db = database.open();
  const clock = new ManualClock(start);
  createApiKey(db, 'admin', 'admin', start, ADMIN_KEY);
  createApiKey(db, 'ingest', 'ingest', start, INGEST_KEY);
  const runtime = new Runtime(db, clock);
  const app = createApp({ db, clock, runtime, channels: options.channels?.(clock), accountMail: options.accountMail, publicUrl: options.publicUrl });
  return {
    db,
    clock,
    runtime,
    app,
    dir,
    database,
    async call(method, path, body, key = ADMIN_KEY) {
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      let payload: string | undefined;
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = typeof body === 'string' ? body : JSON.stringify(body);
      }
      const response = await app.request(`/api${path}`, { method, headers, body: payload });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: keep the text
      }
      checkAnswer(app, method, path, response.status, parsed);
      return { status: response.status, body: parsed };
    },
    close() {
      db.$client.close();
      database.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type App = ReturnType<typeof createApp>;
interface DeclaredRoute {
  method: string;
  pattern: RegExp;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
const declared = new WeakMap<App, DeclaredRoute[]>();

/** The answers each route of the app declares (its OpenAPI responses), by method and path pattern. */
function routesOf(app: App): DeclaredRoute[] {
  let routes = declared.get(app);
  if (!routes) {
    routes = app.openAPIRegistry.definitions.flatMap((d) =>
      d.type === 'route'
        ? [{ method: d.route.method, pattern: new RegExp(`^${d.route.path.replace(/\{[^}]+\}/g, '[^/]+')}$`), responses: d.route.responses as DeclaredRoute['responses'] }]
        : [],
    );
    declared.set(app, routes);
  }
  return routes;
}

/**
 * Parses an answer of the API with the schema its route declares (the shared answer schemas, see
 * shared/src/api/schemas.ts), or the shared error schema for a 4xx/5xx: every test that calls the
 * API through the harness fails when an answer drifts from what the web app and the OpenAPI
 * document are told. A status the route does not declare fails too.
 */
export function checkAnswer(app: App, method: string, path: string, status: number, body: unknown): void {
  const where = `${method} ${path} → ${status}`;
  if (status >= 400) {
    const parsed = ErrorAnswerSchema.safeParse(body);
    if (!parsed.success) throw new Error(`${where}: the error answer does not match the Error schema:\n${z.prettifyError(parsed.error)}`);
    return;
  }
  const pathname = `/api${path}`.split('?')[0];
  const route = routesOf(app).find((r) => r.method === method.toLowerCase() && r.pattern.test(pathname));
  if (!route) return; // not an OpenAPI route (health, the OpenAPI document itself)
  const answer = route.responses[String(status)];
  if (!answer) throw new Error(`${where}: the route declares no ${status} answer`);
  const schema = answer.content?.['application/json']?.schema;
  if (!(schema instanceof z.ZodType)) return; // a $ref to the scenario JSON Schema: checked by the shared validator
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${where}: the answer does not match its declared schema:\n${z.prettifyError(parsed.error)}`);
}

export const REPO = resolve(import.meta.dirname, '../..');

/** An example scenario file from scenarios/, or a fixture from server/test/fixtures/. */
export function scenarioFile(name: string): any {
  const path = name.includes('/') ? join(REPO, name) : join(REPO, 'scenarios', `${name}.json`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Creates and publishes a scenario; returns its version. */
export async function publishScenario(h: Harness, scenario: unknown): Promise<number> {
  const id = (scenario as { id: string }).id;
  const created = await h.call('POST', '/scenarios/import', scenario);
  if (created.status >= 300) throw new Error(`import failed: ${JSON.stringify(created.body)}`);
  const published = await h.call('POST', `/scenarios/${id}/publish`);
  if (published.status >= 300) throw new Error(`publish failed: ${JSON.stringify(published.body)}`);
  return published.body.version;
}

/** Moves the clock to each due timer in turn up to `until`, firing them the way the scheduler loop does. */
export function runTimersUntil(h: Harness, until: number): number {
  let fired = 0;
  for (;;) {
    const due = h.runtime.nextDueAt();
    if (due === undefined || due > until) break;
    h.clock.set(Math.max(h.clock.now(), due));
    fired += h.runtime.runDue(1000);
  }
  h.clock.set(Math.max(h.clock.now(), until));
  return fired;
}

/** How many enrolments wait on a timer (each holds at most one, on its row). */
export const pendingTimers = (db: Db): number => db.select({ n: count() }).from(enrolments).where(isNotNull(enrolments.dueAt)).get()!.n;

/** The names of the indexes whose name starts with `prefix`, on either database. */
export const indexesNamed = (db: Db, prefix: string): string[] =>
  db.$client
    .prepare(worded(db.$client, { sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE ? ORDER BY name", postgres: 'SELECT indexname FROM pg_indexes WHERE indexname LIKE ? ORDER BY indexname' }))
    .pluck()
    .all(`${prefix}%`) as string[];
