/**
 * A fresh database for `bench:load`: contacts written directly with SQL (quick), an admin key, and
 * the waiting population enrolled in-process through the real runtime, so every table the engine
 * keeps (enrolments, timers, trace, counters) is as the server itself would have written it.
 */
import { createApiKey, createApp, openDatabase, Runtime, sqliteOf, systemClock } from '@parcours/server';
import { waiting } from './scenarios.ts';

export interface Population {
  contacts: number;
  /** Contacts whose `bench_day` falls today (UTC): the date phase enters them. */
  datesToday: number;
  waiting: number;
}

const PLANS = ['free', 'pro', 'team'];

/** The id of generated contact number `i`. */
export const contactId = (i: number) => `c${i}`;

export async function populate(file: string, key: string, size: Population, log: (line: string) => void): Promise<void> {
  const db = openDatabase(file);
  const now = Date.now();
  createApiKey(db, 'bench', 'admin', now, key);
  const today = new Date(now).toISOString().slice(5, 10);
  const other = new Date(now + 100 * 86_400_000).toISOString().slice(5, 10);
  const insert = db.$client.prepare(
    'insert into contacts (id, anonymous, attributes, consents, time_zone, lists, created_at, updated_at) values (?, 0, ?, ?, null, ?, ?, ?)',
  );
  let t = performance.now();
  const write = db.$client.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const attributes = {
        first_name: `Name${i}`,
        city: ['Paris', 'Lyon', 'Nantes', 'Lille'][i % 4],
        plan: PLANS[i % 3],
        bench_day: `1990-${i % Math.round(size.contacts / size.datesToday) === 0 ? today : other}`,
      };
      insert.run(contactId(i), JSON.stringify(attributes), JSON.stringify({ email: true, sms: i % 2 === 0 }), '[]', now - 86_400_000, now - 86_400_000);
    }
  });
  for (let i = 0; i < size.contacts; i += 50_000) write(i, Math.min(size.contacts, i + 50_000));
  log(`${size.contacts.toLocaleString('en-US')} contacts written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const runtime = new Runtime(db, systemClock);
  const app = createApp({ db, runtime });
  const call = async (path: string, body: unknown) => {
    const res = await app.request(`/api${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  };
  await call('/scenarios', waiting);
  await call(`/scenarios/${waiting.id}/publish`, {});
  t = performance.now();
  for (let b = 0; b < size.waiting; b += 1000) {
    const items = Array.from({ length: Math.min(1000, size.waiting - b) }, (_, i) => ({ userId: contactId(b + i), event: 'bench_wait', properties: {} }));
    runtime.track(items);
  }
  log(`${size.waiting.toLocaleString('en-US')} contacts enrolled and waiting in ${((performance.now() - t) / 1000).toFixed(1)} s (in-process, setup only)`);
  sqliteOf(db).pragma('wal_checkpoint(TRUNCATE)');
  db.$client.close();
}
