import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/db/open.ts';
import { openPostgresDatabase } from '../src/db/postgres/open.ts';
import { enrolments } from '../src/db/schema.ts';
import { findContact, insertContacts, type ContactRow } from '../src/store/contacts.ts';
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
