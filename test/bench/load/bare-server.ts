/**
 * The baseline of `bench:load`: a bare Hono server on better-sqlite3 that only stores each event,
 * one INSERT (so one transaction) per request, with the same pragmas as Parcours. What our server
 * does per event is compared with this on the same machine in the same run.
 * Usage: tsx bare-server.ts <database file>; prints "listening on http://127.0.0.1:PORT".
 */
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const db = new Database(process.argv[2] ?? ':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec(`create table if not exists events (
  id integer primary key autoincrement, contact_id text not null, name text not null,
  properties text not null, at integer not null, received_at integer not null)`);
db.exec('create index if not exists events_contact_at on events (contact_id, at)');
const insert = db.prepare('insert into events (contact_id, name, properties, at, received_at) values (?, ?, ?, ?, ?)');

const app = new Hono();
app.get('/api/health', (c) => c.json({ ok: true }));
app.post('/api/track', async (c) => {
  const body = (await c.req.json()) as { userId: string; event: string; properties?: unknown };
  const now = Date.now();
  insert.run(body.userId, body.event, JSON.stringify(body.properties ?? {}), now, now);
  return c.json({ accepted: 1 });
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
