import { once } from 'node:events';
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { contactOfAlias, contactToStep, eventHistory, renameContact } from '../src/store/contacts.ts';
import { databasesOfEachKind } from '../../test/support/postgres-cluster.ts';

/**
 * An API process takes a visitor's event while another merges that visitor into a user: the first waits for the
 * visitor's row lock and, once the merge commits, finds the row gone. The event must land on the user, not fail.
 */

const databases = databasesOfEachKind();
const now = 1_800_000_000_000;
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe('a visitor merged by another process on PostgreSQL', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it("keeps the event that waited for the visitor's lock: it lands on the user the visitor became", async () => {
    const url = databases.postgresUrl();
    const db = openPostgresDatabase(url);
    const merging = openPostgresDatabase(url);
    new Runtime(db, new ManualClock(now)).track([{ anonymousId: 'visitor-1', event: 'page_viewed', properties: {} }]);
    const visitor = contactOfAlias(db, 'visitor-1')!;

    // Another API process: a child, since the adapter's native module loads once per process.
    const other = fork(fileURLToPath(new URL('../../test/support/runtime-process.ts', import.meta.url)), [url, String(now + 1_000)], { execArgv: ['--import', 'tsx'] });
    children.push(other);
    expect((await once(other, 'message'))[0]).toBe('ready');
    const answered = once(other, 'message');
    const waitingForLocks = db.$client.prepare("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").pluck();
    merging.$client.transaction(() => {
      contactToStep(merging, visitor); // the merge holds the visitor...
      other.send([{ anonymousId: 'visitor-1', event: 'added_to_cart', properties: {} }]);
      for (let tries = 0; Number(waitingForLocks.get()) === 0; tries++) {
        if (tries > 500) throw new Error('the other process never waited for the visitor');
        pause(10);
      }
      renameContact(merging, visitor, 'ada', now + 500); // ...and the visitor becomes the user while the other waits
    })();

    expect((await answered)[0]).toEqual({ ok: true });
    expect(eventHistory(db, 'ada').map((event) => event.name)).toEqual(['page_viewed', 'added_to_cart']);
    expect(contactOfAlias(db, 'visitor-1')).toBe('ada');
    other.disconnect();
    db.$client.close();
    merging.$client.close();
  });
});
