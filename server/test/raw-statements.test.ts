import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { contacts, enrolments } from '../src/db/schema.ts';
import { RawStatement } from '../src/db/raw-statement.ts';
import { statements } from '../src/db/statements.ts';
import { enrolmentNumbering, newEnrolment } from '../src/store/enrolments.ts';
import { harness, type Harness } from './helpers.ts';

/** The hot path's plain SQLite statements read and write exactly the rows drizzle reads and writes. */
describe('raw statements and drizzle agree on rows', () => {
  let h: Harness;
  afterEach(() => h.close());

  const row = {
    id: 'ada',
    anonymous: true,
    attributes: { plan: 'pro', score: 3, tags: ['a', 'b'], nested: { ok: false }, none: null },
    consents: { email: true, sms: false },
    timeZone: 'Europe/Paris',
    lists: ['vip'],
    createdAt: 1,
    updatedAt: 2,
  };

  it('a contact written raw reads the same through drizzle, and back', () => {
    h = harness();
    statements(h.db).insertContact.run(row);
    expect(h.db.select().from(contacts).where(eq(contacts.id, 'ada')).get()).toEqual(row);

    h.db.update(contacts).set({ anonymous: false, attributes: { plan: 'free' }, lists: [] }).where(eq(contacts.id, 'ada')).run();
    expect(statements(h.db).contactById.get({ id: 'ada' })).toEqual({ ...row, anonymous: false, attributes: { plan: 'free' }, lists: [] });
  });

  it('an enrolment snapshot round-trips as JSON, and null stays null', () => {
    h = harness();
    const q = statements(h.db);
    q.insertContact.run(row);
    const enrolment = newEnrolment(enrolmentNumbering(h.db)(), { contactId: 'ada', scenarioId: 's', version: 1, pass: 1, correlation: '', trigger: 'event', now: 5, event: { name: 'go', properties: { n: 1 } } });
    q.insertEnrolment.run(enrolment);
    const { id } = enrolment;
    const snapshot = { value: 'wait', context: { seq: 2 } };
    q.updateEnrolment.run({ id, status: 'active', node: 'wait', snapshot, visited: ['entry', 'wait'], exitedAt: null, dueAt: 60, timerNode: 'wait', timerSeq: 2, updatedAt: 6 });
    expect(h.db.select().from(enrolments).where(eq(enrolments.id, id)).get()).toMatchObject({ snapshot, visited: ['entry', 'wait'], node: 'wait', exitedAt: null, dueAt: 60, timerNode: 'wait', timerSeq: 2, triggerEvent: { name: 'go', properties: { n: 1 } } });
    expect(q.activeEnrolments.all({ contactId: 'ada' })).toEqual([h.db.select().from(enrolments).where(eq(enrolments.id, id)).get()]);

    q.updateEnrolment.run({ id, status: 'exited', node: 'done', snapshot: null, visited: null, exitedAt: 7, dueAt: null, timerNode: null, timerSeq: null, updatedAt: 7 });
    expect(q.lastEnrolment.get({ contactId: 'ada', scenarioId: 's' })).toMatchObject({ status: 'exited', snapshot: null, visited: null, exitedAt: 7, updatedAt: 7 });
  });

  it('a row read raw keeps every column name as written, quotes and repeats included, as better-sqlite3 objects do', () => {
    h = harness();
    const sql = `select 1 as "it's ""quoted""", 2 as "count(*)", 3 as "a\\b", 4 as dup, 5 as dup, null as "none"`;
    const read = new RawStatement<object, Record<string, unknown>>(h.db.$client.prepare(sql));
    expect(read.get({})).toEqual(h.db.$client.prepare(sql).get());
    expect(read.all({})).toEqual([{ 'it\'s "quoted"': 1, 'count(*)': 2, 'a\\b': 3, dup: 5, none: null }]);
  });
});
