/**
 * Another process's runtime, for tests of what several processes do on one PostgreSQL database: started with `fork`
 * (see server/test/postgres-merge-race.test.ts) with the database URL and a time as arguments; each message is a
 * batch of track calls, answered `{ ok: true }` or `{ error }` once applied. Its PostgreSQL adapter is synchronous,
 * so while it waits for a row lock, the test's own process stays free to hold and release that lock.
 */
import { ManualClock } from '../../server/src/clock.ts';
import { openPostgresDatabase } from '../../server/src/db/postgres/open.ts';
import { Runtime } from '../../server/src/runtime/runtime.ts';
import type { TrackInput } from '../../server/src/runtime/ingest.ts';

const [url, now] = process.argv.slice(2);
const db = openPostgresDatabase(url!);
const runtime = new Runtime(db, new ManualClock(Number(now)));
process.on('message', (items: TrackInput[]) => {
  try {
    runtime.track(items);
    process.send!({ ok: true });
  } catch (error) {
    process.send!({ error: String(error) });
  }
});
process.on('disconnect', () => {
  db.$client.close();
  process.exit(0);
});
process.send!('ready');
