import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerType } from '@hono/node-server';
import { listen } from '../src/listen.ts';
import { GroupCommit } from '../src/runtime/group-commit.ts';
import type { Session } from '../src/runtime/session.ts';
import { ADMIN_KEY, harness, type Harness } from './helpers.ts';
import { worded } from '../src/db/dialect.ts';
import { PostgresError } from '../src/db/postgres/connection.ts';
import type { Db } from '../src/db/open.ts';

/**
 * Group commit (issue 11): concurrent ingest requests are committed together, each answered after
 * the commit, each in its own savepoint; big batches go in chunks between other requests' items.
 */
let h: Harness;
let server: ServerType;
let base: string;

beforeEach(async () => {
  h = harness();
  const listening = await listen(h.app.fetch, 0, '127.0.0.1');
  server = listening.server;
  base = `http://127.0.0.1:${listening.port}/api`;
});
afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  h.close();
});

/** One request over real HTTP. */
async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const eventCount = (name: string) => (h.db.$client.prepare('select count(*) n from events where name = ?').get(name) as { n: number }).n;
const eventsOf = (contactId: string) => h.db.$client.prepare('select name from events where contact_id = ? order by id').all(contactId) as Array<{ name: string }>;

describe('group commit over HTTP', () => {
  it('stores the event of every answered request; a request with a bad item changes nothing and its neighbours succeed', async () => {
    const good = Array.from({ length: 300 }, (_, i) => post('/track', { userId: `u${i % 40}`, event: 'burst', properties: { n: i } }));
    // A batch whose last item is bad, sent in the middle of the burst: refused whole, with the item's path.
    const bad = post('/batch', { batch: [{ type: 'track', userId: 'bad', event: 'burst' }, { type: 'track', event: 'burst' }] });
    const more = Array.from({ length: 100 }, (_, i) => post('/batch', { batch: [{ type: 'track', userId: `b${i}`, event: 'burst' }, { type: 'identify', userId: `b${i}`, traits: { i } }] }));
    const answers = await Promise.all([...good, bad, ...more]);

    const refused = answers[300];
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].path).toEqual(['batch', 1, 'userId']);
    expect(eventsOf('bad')).toEqual([]);
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(400);
    expect(accepted.reduce((sum, a) => sum + a.body.accepted, 0)).toBe(300 + 200);
    expect(eventCount('burst')).toBe(400);
    for (const i of [0, 99]) expect(eventsOf(`b${i}`)).toEqual([{ name: 'burst' }]);
  });

  it('answers a small request sent while a big batch is applied before the batch', async () => {
    const size = 10_000; // the API's largest batch: 40 chunks
    const order: string[] = [];
    const batch = post('/batch', { batch: Array.from({ length: size }, (_, i) => ({ type: 'track', userId: `big${i % 500}`, event: 'big' })) }).then((a) => {
      order.push('batch');
      return a;
    });
    // Wait until the batch's first chunks are committed: it is being applied.
    while (eventCount('big') === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(eventCount('big')).toBeLessThan(size);
    const small = await post('/track', { userId: 'small', event: 'small' });
    order.push('small');
    const answered = await batch;

    expect(order).toEqual(['small', 'batch']);
    expect(small.status).toBe(200);
    expect(answered.status).toBe(200);
    expect(answered.body.accepted).toBe(size);
    expect(eventCount('big')).toBe(size);
  });
});

/** A real failure from the database: inserting an event named `poison` is refused by a trigger. */
function poisonEvents(db: Db): void {
  db.$client.exec(
    worded(db.$client, {
      sqlite: "CREATE TRIGGER poison BEFORE INSERT ON events WHEN new.name = 'poison' BEGIN SELECT raise(ABORT, 'poisoned event'); END",
      postgres: `CREATE FUNCTION poison() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = 'poison' THEN RAISE EXCEPTION 'poisoned event'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION poison()`,
    }),
  );
}

describe('group commit ticks', () => {
  it('rolls back a request that fails while applied, alone: the others in its tick commit, and the contact cache keeps their rows', async () => {
    // A real failure from the database in the middle of one request (not a validation error).
    poisonEvents(h.db);
    // Submitted in one turn of the event loop: one tick, one transaction.
    const first = h.runtime.grouped.upsertContacts([{ id: 'c1', patch: { attributes: { plan: 'pro' } } }], 'api');
    const failing = h.runtime.grouped.batch([
      { type: 'identify', userId: 'c1', traits: { plan: 'free' } },
      { type: 'track', userId: 'c1', event: 'before', properties: {} },
      { type: 'track', userId: 'c1', event: 'poison', properties: {} },
    ]);
    const last = h.runtime.grouped.track([{ userId: 'c1', event: 'after', properties: {} }]);
    const settled = await Promise.allSettled([first, failing, last]);

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((settled[1] as PromiseRejectedResult).reason)).toMatch(/poisoned event/);
    expect(eventsOf('c1')).toEqual([{ name: 'after' }]);
    // The failed identify is rolled back in the database and in the cache the next call reads.
    const contact = await h.call('GET', '/contacts/c1');
    expect(contact.body.attributes).toEqual({ plan: 'pro' });
    await h.runtime.grouped.upsertContacts([{ id: 'c1', patch: { attributes: { seats: 3 } } }], 'api');
    expect((await h.call('GET', '/contacts/c1')).body.attributes).toEqual({ plan: 'pro', seats: 3 });
  });

  it('serves a request not started yet before two big batches under way', async () => {
    const big = (name: string) => Array.from({ length: 10_000 }, (_, i) => ({ type: 'track' as const, userId: `${name}${i % 100}`, event: name, properties: {} }));
    const order: string[] = [];
    const settle = (name: string, promise: Promise<unknown>) => promise.then(() => order.push(name));
    const batches = [settle('a', h.runtime.grouped.batch(big('a'))), settle('b', h.runtime.grouped.batch(big('b')))];
    while (eventCount('a') === 0) await new Promise((resolve) => setImmediate(resolve));
    await settle('small', h.runtime.grouped.track([{ userId: 'small', event: 'small', properties: {} }]));
    await Promise.all(batches);
    expect(order[0]).toBe('small');
    expect([eventCount('a'), eventCount('b'), eventCount('small')]).toEqual([10_000, 10_000, 1]);
  });

  it('keeps the chunks of a big request committed before one that fails, and drops the rest', async () => {
    poisonEvents(h.db);
    const items = Array.from({ length: 350 }, (_, i) => ({ userId: 'big', event: i === 150 ? `poison` : `ok${i}`, properties: {} }));
    await expect(h.runtime.grouped.track(items)).rejects.toThrow(/poisoned event/);
    // Chunks of at most 100 (fewer when a tick runs out of time): those before the bad item's are stored, in
    // order; its chunk is rolled back, from its first item; nothing after it is applied.
    const stored = eventsOf('big').map((e) => e.name);
    expect(stored.length).toBeGreaterThanOrEqual(50);
    expect(stored.length).toBeLessThanOrEqual(150);
    expect(stored).toEqual(items.slice(0, stored.length).map((item) => item.event));
  });
});

/** A group commit on a clock of its own, each item taking `msEach`; records how many items each tick (transaction) applied. */
function clockedTicks(msEach: number) {
  let now = 0;
  const perTick: number[] = [];
  const group = new GroupCommit((fill) => {
    let items = 0;
    fill((part) => {
      const before = now;
      part({} as Session);
      items += Math.round((now - before) / msEach);
      return { enrolled: 0 };
    });
    perTick.push(items);
  }, () => now);
  const submit = (n: number) => group.submit(Array.from({ length: n }, (_, i) => i), () => void (now += msEach));
  return { perTick, submit };
}

describe('group commit ticks on slow items', () => {
  it('ends a chunk of a big request at the first item past the tick time, and applies every item in order', async () => {
    const { perTick, submit } = clockedTicks(3);
    expect(await submit(1000)).toEqual({ accepted: 1000, enrolled: 0 });
    // 10 ms a tick: the fourth 3 ms item runs past it; 100 items a chunk were 300 ms.
    expect(Math.max(...perTick)).toBe(4);
    expect(perTick.reduce((sum, n) => sum + n, 0)).toBe(1000);
  });

  it('applies a request of up to 100 items whole in one tick, however slow (all or nothing)', async () => {
    const { perTick, submit } = clockedTicks(3);
    await submit(100);
    expect(perTick).toEqual([100]);
  });
});

describe('group commit beside other processes (PostgreSQL)', () => {
  it('applies again in the next tick a part PostgreSQL failed as a deadlock, and rejects a part that failed otherwise', async () => {
    const ticks: string[][] = [];
    let deadlocks = 1;
    const group = new GroupCommit((fill) => {
      const applied: string[] = [];
      fill((part) => {
        const seen: string[] = [];
        part({ seen } as unknown as Session);
        // The first try of the part with "locked" meets another process's transaction: PostgreSQL picks it to fail.
        if (seen.includes('locked') && deadlocks-- > 0) return { error: new PostgresError('deadlock detected', '40P01') };
        if (seen.includes('broken')) return { error: new Error('broken item') };
        applied.push(...seen);
        return { enrolled: 0 };
      });
      ticks.push(applied);
    });
    const apply = (session: Session, item: string) => void (session as unknown as { seen: string[] }).seen.push(item);
    const [first, locked, broken] = await Promise.allSettled([group.submit(['a'], apply), group.submit(['locked'], apply), group.submit(['broken'], apply)]);
    expect(first).toEqual({ status: 'fulfilled', value: { accepted: 1, enrolled: 0 } });
    expect(locked).toEqual({ status: 'fulfilled', value: { accepted: 1, enrolled: 0 } });
    expect(broken).toMatchObject({ status: 'rejected', reason: { message: 'broken item' } });
    expect(ticks).toEqual([['a'], ['locked']]);
  });
});
