import { afterAll, describe, expect, it } from 'vitest';
import { announceChange, onChange, type CachedTopic } from '../src/db/changes.ts';
import type { Db } from '../src/db/open.ts';
import { listenForChanges } from '../src/db/postgres/change-listener.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { createApiKey, deleteApiKey, findApiKey } from '../src/store/keys.ts';
import { databasesOfEachKind } from '../../test/support/postgres-cluster.ts';

/** What one process keeps in memory is dropped when another changes it: two connections stand for two processes. */

const databases = databasesOfEachKind();

/** Polls until `check` holds: a notification arrives when the other connection's socket is read, on a later turn. */
async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('changes announced by one process on PostgreSQL', () => {
  const opened: Db[] = [];
  const stops: Array<() => void> = [];
  afterAll(() => {
    stops.forEach((stop) => stop());
    opened.forEach((db) => db.$client.close());
  });
  const twoProcesses = () => {
    const url = databases.postgresUrl();
    const [api, other] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    opened.push(api, other);
    stops.push(listenForChanges(other, url));
    return { api, other };
  };

  it("drop the other process's copies of that topic, and of no other", async () => {
    const { api, other } = twoProcesses();
    const heard: CachedTopic[] = [];
    onChange(other, 'scenarios', () => heard.push('scenarios'));
    onChange(other, 'policy', () => heard.push('policy'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    heard.length = 0;
    announceChange(api, 'policy');
    await eventually(() => heard.length > 0);
    expect(heard).toEqual(['policy']);
  });

  it('are heard only once committed: a rolled-back change is not announced', async () => {
    const { api, other } = twoProcesses();
    const heard: string[] = [];
    onChange(other, 'segments', () => heard.push('segments'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    heard.length = 0;
    expect(() => api.$client.transaction(() => {
      announceChange(api, 'segments');
      throw new Error('rolled back');
    })()).toThrow('rolled back');
    api.$client.transaction(() => announceChange(api, 'scenarios'))();
    announceChange(api, 'segments');
    await eventually(() => heard.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(heard).toEqual(['segments']);
  });

  it('make a key revoked through one process refused by the other, and a new key accepted', async () => {
    const { api, other } = twoProcesses();
    expect(findApiKey(other, 'pk_not_yet_0123456789abcdef')).toBeUndefined();
    const created = createApiKey(api, 'ingest', 'ingest', 0, 'pk_not_yet_0123456789abcdef');
    await eventually(() => findApiKey(other, created.key) !== undefined);
    deleteApiKey(api, created.id);
    await eventually(() => findApiKey(other, created.key) === undefined);
  });

  it('drop every copy when the listening connection is lost, and are heard again once it reconnected', async () => {
    const url = databases.postgresUrl();
    const [api, other] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    opened.push(api, other);
    const errors: string[] = [];
    stops.push(listenForChanges(other, url, (error) => errors.push(error.message)));
    const heard: CachedTopic[] = [];
    for (const topic of ['scenarios', 'api-keys'] as const) onChange(other, topic, () => heard.push(topic));
    // The database server ends the listening session (a restart, a failover, an administrator).
    const listening = () => api.$client.prepare("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'").pluck().all() as number[];
    await eventually(() => listening().length === 1);
    heard.length = 0;
    api.$client.prepare('SELECT pg_terminate_backend(?)').get(listening()[0]);
    await eventually(() => heard.includes('scenarios') && heard.includes('api-keys'));
    expect(errors).toEqual([expect.stringContaining('lost the connection that listens for changes')]);
    await eventually(() => listening().length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    heard.length = 0;
    announceChange(api, 'api-keys');
    await eventually(() => heard.length > 0);
    expect(heard).toEqual(['api-keys']);
  });
});
