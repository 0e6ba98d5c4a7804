import { once } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { ManualClock } from '../src/clock.ts';
import type { Db } from '../src/db/open.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import type { TrackInput } from '../src/runtime/ingest.ts';
import { contactOfAlias, contactToStep, eventHistory, findContact, renameContact } from '../src/store/contacts.ts';
import { createApiKey } from '../src/store/keys.ts';
import { databasesOfEachKind } from '../../test/support/postgres-cluster.ts';
import { scoringScenario } from './fixtures/scenarios.ts';

/**
 * A visitor merged into a user by one API process while another takes something of that visitor: the second waits
 * for a row the first holds and, once the merge commits, must act on what the merge left, not on what it read before.
 */

const databases = databasesOfEachKind();
const now = 1_800_000_000_000;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('a visitor merged by another process on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  const opened: Db[] = [];
  afterAll(() => {
    children.forEach((child) => child.kill('SIGKILL'));
    opened.forEach((db) => db.$client.close());
  });

  /** Two connections of this process (one to merge, one to look), and the other API process: a child, since the adapter's native module loads once per process. */
  async function twoProcesses() {
    const url = databases.postgresUrl();
    const [db, merging] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    opened.push(db, merging);
    const other = fork(fileURLToPath(new URL('../../test/support/runtime-process.ts', import.meta.url)), [url, String(now + 1_000)], { execArgv: ['--import', 'tsx'] });
    children.push(other);
    await once(other, 'message'); // ready
    const waitingForLocks = db.$client.prepare("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").pluck();
    return {
      db,
      merging,
      /** Sends the other process a track call and returns once it waits for a lock; the promise is its answer. */
      otherWaits(item: TrackInput): Promise<unknown> {
        const answered = once(other, 'message').then(([answer]) => answer);
        other.send([item]);
        for (let tries = 0; Number(waitingForLocks.get()) === 0; tries++) {
          if (tries > 500) throw new Error('the other process never waited for a lock');
          pause(10);
        }
        return answered;
      },
    };
  }

  it("keeps the event that waited for the visitor's lock: it lands on the user the visitor became", async () => {
    const { db, merging, otherWaits } = await twoProcesses();
    new Runtime(db, new ManualClock(now)).track([{ anonymousId: 'visitor-1', event: 'page_viewed', properties: {} }]);
    const visitor = contactOfAlias(db, 'visitor-1')!;
    let answered: Promise<unknown> | undefined;
    merging.$client.transaction(() => {
      contactToStep(merging, visitor); // the merge holds the visitor...
      answered = otherWaits({ anonymousId: 'visitor-1', event: 'added_to_cart', properties: {} });
      renameContact(merging, visitor, 'ada', now + 500); // ...and the visitor becomes the user while the other waits
    })();

    expect(await answered).toEqual({ ok: true });
    expect(eventHistory(db, 'ada').map((event) => event.name)).toEqual(['page_viewed', 'added_to_cart']);
    expect(contactOfAlias(db, 'visitor-1')).toBe('ada');
  });

  it("adds the visitor's score to the user once when both processes merge it", async () => {
    const { db, merging, otherWaits } = await twoProcesses();
    const clock = new ManualClock(now);
    const runtime = new Runtime(db, clock);
    createApiKey(db, 'admin', 'admin', now, 'pk_merge_race_admin_0000');
    const app = createApp({ db, clock, runtime });
    const call = (path: string, body: unknown) =>
      app.request(`/api${path}`, { method: 'POST', headers: { authorization: 'Bearer pk_merge_race_admin_0000', 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await call('/scenarios/import', scoringScenario(10))).status).toBe(201);
    expect((await call('/scenarios/scoring/publish', {})).status).toBe(201);
    runtime.track([
      { anonymousId: 'visitor-2', event: 'page_viewed', properties: {} },
      { userId: 'ada', event: 'page_viewed', properties: {} },
    ]);
    expect(findContact(db, 'ada')!.attributes.score).toBe(10);

    // This process merges the visitor into Ada (10 + 10) while the other takes her sign-in with the same visitor id.
    const mergingRuntime = new Runtime(merging, new ManualClock(now + 500));
    let answered: Promise<unknown> | undefined;
    merging.$client.transaction(() => {
      mergingRuntime.track([{ userId: 'ada', anonymousId: 'visitor-2', event: 'signed_in', properties: {} }]);
      answered = otherWaits({ userId: 'ada', anonymousId: 'visitor-2', event: 'signed_in', properties: {} });
    })();

    expect(await answered).toEqual({ ok: true });
    expect(findContact(db, 'ada')!.attributes.score).toBe(20);
    expect(contactOfAlias(db, 'visitor-2')).toBe('ada');
  });
});
