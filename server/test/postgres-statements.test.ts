import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/open.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { eq } from 'drizzle-orm';
import { contacts, enrolments } from '../src/db/schema.ts';
import { URL_HOST, urlHost } from '../src/db/sql-functions.ts';
import { contactToStep, findContact, insertContacts, searchContacts, type ContactRow } from '../src/store/contacts.ts';
import { claimDueDateEntries, setDateEntry } from '../src/store/date-entries.ts';
import { ManualClock } from '../src/clock.ts';
import { Runtime } from '../src/runtime/runtime.ts';
import { statements } from '../src/db/statements.ts';
import { heldElsewhere, holdName, soleJob } from '../src/db/dialect.ts';
import { pendingMessages, recordDeliveries, type OutboxMessage } from '../src/store/outbox.ts';
import { DEFAULT_RETRY_POLICY } from '../src/channels/retry.ts';
import { enrolmentNumbering } from '../src/store/enrolments.ts';
import { claimDueTimers, nextTimerDueAt } from '../src/store/timers.ts';
import { databasesOfEachKind } from '../../test/support/postgres-cluster.ts';

/** The runtime's statements that SQLite and PostgreSQL word differently (db/dialect.ts), giving the same results. */

const databases = databasesOfEachKind();

const now = 1_800_000_000_000;

describe.each<[string, () => Db]>([
  ['SQLite', () => openDatabase(databases.sqliteFile())],
  ['PostgreSQL', () => openPostgresDatabase(databases.postgresUrl())],
])('on %s', (_name, open) => {
  let db: Db;
  beforeAll(() => {
    db = open();
  });
  afterAll(() => db.$client.close());

  it('inserts new contacts in one statement, each read back as written', () => {
    const rows: ContactRow[] = [
      { id: 'ada', anonymous: false, attributes: { email: 'ada@example.fr', score: 12.5, tags: ['vip', 'été'], plan: null }, consents: { email: true }, timeZone: 'Europe/Paris', lists: ['news'], createdAt: now, updatedAt: now + 1 },
      { id: 'anon:7', anonymous: true, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now },
    ];
    insertContacts(db, rows);
    expect(findContact(db, 'ada')).toEqual(rows[0]);
    expect(findContact(db, 'anon:7')).toEqual(rows[1]);
  });

  it('claims due timers once, earliest first: a claimed timer is cleared from its enrolment', () => {
    const enrolment = (dueAt: number, node: string) => ({
      contactId: 'ada', scenarioId: `welcome-${node}`, version: 1, pass: 1, status: 'active' as const, node, trigger: 'signed_up', enteredAt: now, updatedAt: now, dueAt, timerNode: node, timerSeq: 1,
    });
    db.insert(enrolments).values([enrolment(now + 2_000, 'late'), enrolment(now + 500, 'first'), enrolment(now + 1_000, 'second')]).run();
    const claimed = claimDueTimers(db, now + 1_000, 10);
    expect(claimed.map((timer) => [timer.node, timer.dueAt])).toEqual([['first', now + 500], ['second', now + 1_000]]);
    expect(claimDueTimers(db, now + 1_000, 10)).toEqual([]);
    expect(nextTimerDueAt(db)).toBe(now + 2_000);
  });

  it("reads a webhook URL's host as JavaScript's URL does", () => {
    const urls = ['https://Hooks.Example.com/a?b=1', 'https://hooks.example.com:443/x', 'https://hooks.example.com:8443/x', 'http://user:pw@10.0.0.1:80/', 'http://[::1]:8080/p', 'HTTP://EXAMPLE.com#f', 'not a url', ''];
    const host = db.$client.prepare(`SELECT ${URL_HOST}(?) AS host`).pluck();
    for (const url of urls) expect([url, host.get(url)]).toEqual([url, urlHost(url)]);
  });

  it('finds contacts by word prefixes of their id and attribute values, accents aside', () => {
    const contact = (id: string, attributes: ContactRow['attributes']): ContactRow => ({ id, anonymous: false, attributes, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now });
    insertContacts(db, [contact('zoe-1', { name: 'Zoë Lefèvre', email: 'zoe@exemple.fr', score: 42 }), contact('zack', { name: 'Zack', city: 'Évry' })]);
    const found = (search: string) => searchContacts(db, search, 10).map((c) => c.id).sort();
    expect(found('zo lefev')).toEqual(['zoe-1']);
    expect(found('Z')).toEqual(['zack', 'zoe-1']);
    expect(found('evry')).toEqual(['zack']);
    expect(found('exemple.fr')).toEqual(['zoe-1']);
    expect(found('42')).toEqual(['zoe-1']);
    expect(found('zoe zack')).toEqual([]);
    db.update(contacts).set({ attributes: { name: 'Zoé Martin' } }).where(eq(contacts.id, 'zoe-1')).run();
    expect(found('lefevre')).toEqual([]);
    expect(found('martin')).toEqual(['zoe-1']);
  });

  it('numbers new enrolments on from the ids already given', () => {
    const next = enrolmentNumbering(db);
    expect([next(), next()]).toEqual([4, 5]);
  });
});

describe('enrolment numbering on PostgreSQL, by two processes at once', () => {
  it('never gives one id twice', () => {
    const url = databases.postgresUrl();
    const [one, two] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    const [first, second] = [enrolmentNumbering(one), enrolmentNumbering(two)];
    const ids = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? second() : first()));
    expect(new Set(ids).size).toBe(50);
    one.$client.close();
    two.$client.close();
  });
});

describe('due rows on PostgreSQL, picked by two processes at once', () => {
  it('gives each timer to one of them: rows held by an open transaction are skipped, not waited for, and come back when it rolls back', () => {
    const url = databases.postgresUrl();
    const [one, two] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    const enrolment = (i: number) => ({
      contactId: `c${i}`, scenarioId: 'welcome', version: 1, pass: 1, status: 'active' as const, node: 'wait', trigger: 'signed_up', enteredAt: now, updatedAt: now, dueAt: now + i, timerNode: 'wait', timerSeq: 1,
    });
    insertContacts(one, Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, anonymous: false, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now })));
    one.insert(enrolments).values(Array.from({ length: 6 }, (_, i) => enrolment(i))).run();
    const contactsOf = (timers: Array<{ enrolment: { contactId: string } }>) => timers.map((timer) => timer.enrolment.contactId);
    let inFirst: string[] = [];
    let inSecond: string[] = [];
    // The first process holds its claim in an open transaction while the second picks (lock_timeout would fail a wait).
    expect(() =>
      one.$client.transaction(() => {
        inFirst = contactsOf(claimDueTimers(one, now + 10, 2));
        inSecond = contactsOf(claimDueTimers(two, now + 10, 10));
        throw new Error('the first process dies before its commit');
      })(),
    ).toThrow(/dies/);
    expect(inFirst).toEqual(['c0', 'c1']);
    expect(inSecond).toEqual(['c2', 'c3', 'c4', 'c5']);
    // Rolled back: the first process's two timers wait again, for whoever picks next.
    expect(contactsOf(claimDueTimers(two, now + 10, 10))).toEqual(['c0', 'c1']);
    one.$client.close();
    two.$client.close();
  });
});

describe('contacts on PostgreSQL, stepped by two processes', () => {
  const contact = (id: string): ContactRow => ({ id, anonymous: false, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now });

  it("skips the due rows of a contact another process is stepping, and picks them once it committed", () => {
    const url = databases.postgresUrl();
    const [api, worker] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    insertContacts(api, ['d0', 'd1', 'd2'].map(contact));
    api.insert(enrolments)
      .values(['d0', 'd1', 'd2'].map((contactId, i) => ({ contactId, scenarioId: 'welcome', version: 1, pass: 1, status: 'active' as const, node: 'wait', trigger: 'signed_up', enteredAt: now, updatedAt: now, dueAt: now + i, timerNode: 'wait', timerSeq: 1 })))
      .run();
    for (const contactId of ['d0', 'd1']) setDateEntry(api, contactId, 'birthday', now, now);
    let picked: string[] = [];
    let dates: string[] = [];
    api.$client.transaction(() => {
      // The API process is stepping d1: its row is locked until its commit.
      expect(contactToStep(api, 'd1')?.id).toBe('d1');
      worker.$client.transaction(() => {
        picked = claimDueTimers(worker, now + 10, 10).map((timer) => timer.enrolment.contactId);
        dates = claimDueDateEntries(worker, now + 10, 10).map((date) => date.contactId);
      })();
    })();
    expect(picked).toEqual(['d0', 'd2']);
    expect(dates).toEqual(['d0']);
    expect(claimDueTimers(worker, now + 10, 10).map((timer) => timer.enrolment.contactId)).toEqual(['d1']);
    expect(claimDueDateEntries(worker, now + 10, 10).map((date) => date.contactId)).toEqual(['d1']);
    api.$client.close();
    worker.$client.close();
  });

  it('never writes back a contact another process changed: a withdrawn consent stays withdrawn', () => {
    const url = databases.postgresUrl();
    const [one, two] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    const clock = new ManualClock(now);
    const [first, second] = [new Runtime(one, clock), new Runtime(two, clock)];
    first.upsertContacts([{ id: 'zoe', patch: { consents: { email: true } } }], 'api');
    second.upsertContacts([{ id: 'zoe', patch: { consents: { email: false } } }], 'preferences');
    first.upsertContacts([{ id: 'zoe', patch: { attributes: { plan: 'pro' } } }], 'api');
    expect(findContact(one, 'zoe')).toMatchObject({ consents: { email: false }, attributes: { plan: 'pro' } });
    one.$client.close();
    two.$client.close();
  });
});

describe('the outbox on PostgreSQL, sent by several workers', () => {
  it("claims the rows a worker picks until its claim expires: another worker takes them only once it died, and an outcome ends the claim", () => {
    const url = databases.postgresUrl();
    const [one, two] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    insertContacts(one, [{ id: 'm0', anonymous: false, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now }]);
    for (const key of ['k1', 'k2', 'k3'])
      statements(one).insertMessage.run({ idempotencyKey: key, contactId: 'm0', enrolmentId: null, scenarioId: 's', version: 1, node: 'n', channel: 'task', template: null, webhook: null, event: null, transactional: false, digest: null, createdAt: now });
    const open = { held: [], inFlight: [], closedChannels: [], fullHosts: [], busyContacts: [] };
    const keys = (rows: OutboxMessage[]) => rows.map((row) => row.idempotencyKey);
    const taken = pendingMessages(one, now, open, 2, { claimMs: 60_000 });
    expect(keys(taken)).toEqual(['k1', 'k2']);
    expect(keys(pendingMessages(two, now + 1, open, 10, { claimMs: 60_000 }))).toEqual(['k3']);
    expect(keys(pendingMessages(two, now + 59_999, open, 10, { claimMs: 60_000 }))).toEqual([]);
    // The first worker writes k1's outcome, then dies with k2 on its way: k2 goes to the other worker once the claim expired.
    recordDeliveries(one, [{ message: taken[0], outcome: { status: 'sent' }, at: now + 10 }], DEFAULT_RETRY_POLICY);
    expect(one.$client.prepare(`SELECT status, claimed_until AS "claimedUntil" FROM messages WHERE idempotency_key = 'k1'`).get()).toEqual({ status: 'sent', claimedUntil: null });
    expect(keys(pendingMessages(two, now + 60_000, open, 10, { claimMs: 60_000 }))).toEqual(['k2']);
    one.$client.close();
    two.$client.close();
  });
});

describe('background jobs on PostgreSQL, which one process at a time runs', () => {
  it('go to one transaction at a time: another process skips its turn until the first commits', () => {
    const url = databases.postgresUrl();
    const [one, two] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    const turns: boolean[] = [];
    one.$client.transaction(() => {
      turns.push(soleJob(one.$client, 'campaigns'));
      turns.push(two.$client.transaction(() => soleJob(two.$client, 'campaigns'))());
      turns.push(two.$client.transaction(() => soleJob(two.$client, 'entry backfill'))());
    })();
    turns.push(two.$client.transaction(() => soleJob(two.$client, 'campaigns'))());
    expect(turns).toEqual([true, false, true, true]);
    one.$client.close();
    two.$client.close();
  });
});

describe('named locks on PostgreSQL, held by a process for work under way', () => {
  it('tell another process the work is under way, and go when let go or when the process dies', async () => {
    const url = databases.postgresUrl();
    const [reading, starting] = [openPostgresDatabase(url), openPostgresDatabase(url)];
    const release = holdName(reading.$client, 'import reading i1');
    expect(heldElsewhere(starting.$client, 'import reading i1')).toBe(true);
    expect(heldElsewhere(starting.$client, 'import reading i2')).toBe(false);
    release();
    expect(heldElsewhere(starting.$client, 'import reading i1')).toBe(false);
    holdName(reading.$client, 'import reading i3');
    expect(heldElsewhere(starting.$client, 'import reading i3')).toBe(true);
    reading.$client.close();
    // The server ends the closed connection's session (and its locks) a moment later.
    await expect.poll(() => heldElsewhere(starting.$client, 'import reading i3')).toBe(false);
    starting.$client.close();
  });
});
