import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { eq } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlConnection } from '../src/db/connection.ts';
import { drizzleOn } from '../src/db/open.ts';
import { PostgresConnection } from '../src/db/postgres/connection.ts';
import { programArgs } from '../../test/support/node-program.ts';
import { databasesOfEachKind } from '../../test/support/postgres-cluster.ts';

/**
 * The storage port's contract, run on each adapter: what a store or drizzle relies on behaves the same on SQLite
 * (better-sqlite3 itself) and on PostgreSQL (libpq).
 */

// DDL both databases take: the same column names and affinities as the server's schema uses.
const SCHEMA = `CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, visits BIGINT, profile TEXT, vip INTEGER NOT NULL DEFAULT 0)`;

const people = sqliteTable('people', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  visits: integer('visits', { mode: 'number' }),
  profile: text('profile', { mode: 'json' }).$type<{ city: string; tags: string[] }>(),
  vip: integer('vip', { mode: 'boolean' }).notNull(),
});

const databases = databasesOfEachKind();

const adapters: Array<[string, () => SqlConnection]> = [
  ['SQLite', () => new Database(databases.sqliteFile())],
  ['PostgreSQL', () => new PostgresConnection(databases.postgresUrl())],
];

describe.each(adapters)('the storage port on %s', (_name, connect) => {
  let db: SqlConnection;
  beforeAll(() => {
    db = connect();
    db.exec(SCHEMA);
  });
  afterAll(() => db.close());

  const count = () => db.prepare<[], number>('SELECT count(*) FROM people').pluck().get();

  it('binds positional and named parameters, a name used twice taking one value', () => {
    db.prepare('INSERT INTO people (id, name, visits) VALUES (?, ?, ?)').run(1, 'Ada', 3);
    db.prepare('INSERT INTO people (id, name, visits) VALUES (@id, @name, @visits)').run({ id: 2, name: 'Bo', visits: 2 ** 40 });
    const same = db.prepare<{ n: number }, { id: number }>('SELECT id FROM people WHERE visits >= @n AND id <> @n ORDER BY id').all({ n: 3 });
    expect(same).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('leaves string literals, quoted names and comments alone', () => {
    const row = db
      .prepare<[number], { text: string; id: number }>(`SELECT 'a ? @b :c $.d' AS "text", id /* ? */ FROM people -- @nothing\n WHERE id = ?`)
      .get(1);
    expect(row).toEqual({ text: 'a ? @b :c $.d', id: 1 });
  });

  it('reads numbers as numbers (a bigint too), absent values as null, and rows as objects, arrays or single values', () => {
    expect(db.prepare('SELECT id, name, visits, profile FROM people WHERE id = ?').get(2)).toEqual({ id: 2, name: 'Bo', visits: 2 ** 40, profile: null });
    expect(db.prepare('SELECT id, name FROM people ORDER BY id').raw().all()).toEqual([[1, 'Ada'], [2, 'Bo']]);
    expect(db.prepare('SELECT name FROM people ORDER BY id').pluck().all()).toEqual(['Ada', 'Bo']);
    expect(db.prepare('SELECT name FROM people WHERE id = ?').get(99)).toBeUndefined();
    expect(db.prepare('SELECT sum(visits) AS total, count(*) AS n FROM people').get()).toEqual({ total: 2 ** 40 + 3, n: 2 });
  });

  it('says whether a statement returns rows, and which columns', () => {
    expect(db.prepare('SELECT id, name AS who FROM people').reader).toBe(true);
    expect(db.prepare('SELECT id, name AS who FROM people').columns().map((column) => column.name)).toEqual(['id', 'who']);
    expect(db.prepare('UPDATE people SET visits = 0 WHERE id = ?').reader).toBe(false);
    expect(db.prepare('UPDATE people SET visits = visits WHERE id = ? RETURNING id').reader).toBe(true);
  });

  it('counts the rows a write changed', () => {
    expect(db.prepare('UPDATE people SET visits = visits + 1 WHERE id IN (?, ?)').run(1, 2).changes).toBe(2);
    expect(db.prepare('DELETE FROM people WHERE id = ?').run(99).changes).toBe(0);
  });

  it('runs a statement many times with the same result (prepared on the server after its first run)', () => {
    const visits = db.prepare<[number], number>('SELECT visits FROM people WHERE id = ?').pluck();
    const seen = Array.from({ length: 5 }, () => visits.get(1));
    expect(seen).toEqual([4, 4, 4, 4, 4]);
  });

  it('refuses a missing named parameter and a value it cannot store, writing nothing', () => {
    const before = count();
    expect(() => db.prepare('INSERT INTO people (id, name) VALUES (@id, @name)').run({ id: 3 })).toThrow(/name/);
    expect(() => db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(3, true as unknown as string)).toThrow(TypeError);
    expect(count()).toBe(before);
  });

  it('commits a transaction, and rolls back one that throws', () => {
    const addTwo = db.transaction((first: number) => {
      db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(first, `p${first}`);
      expect(db.inTransaction).toBe(true);
      db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(first + 1, `p${first + 1}`);
      return 'done';
    });
    expect(addTwo.immediate(10)).toBe('done');
    expect(count()).toBe(4);
    // The second insert breaks the unique name: the first is undone with it.
    db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(30, 'p21');
    expect(() => addTwo(20)).toThrow();
    expect(db.prepare('SELECT count(*) FROM people WHERE id = 20').pluck().get()).toBe(0);
    expect(db.inTransaction).toBe(false);
  });

  it('nests a transaction as a savepoint: an inner failure caught leaves the outer work in place', () => {
    const before = count();
    const inner = db.transaction(() => {
      db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(40, 'inner');
      throw new Error('inner fails');
    });
    db.transaction(() => {
      db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(41, 'outer');
      expect(() => inner()).toThrow('inner fails');
      db.prepare('INSERT INTO people (id, name) VALUES (?, ?)').run(42, 'after');
    }).immediate();
    expect(db.prepare('SELECT name FROM people WHERE id >= 40 ORDER BY id').pluck().all()).toEqual(['outer', 'after']);
    expect(count()).toBe(before! + 2);
  });

  it('names the statement that failed, and stays usable after', () => {
    expect(() => db.prepare('SELECT nope FROM people').all()).toThrow(/nope/);
    expect(count()).toBeGreaterThan(0);
  });

  it("carries drizzle's query builder: JSON and boolean columns, updates with RETURNING, transactions", () => {
    const orm = drizzleOn(db);
    orm.insert(people).values({ id: 50, name: 'Cleo', visits: 1, profile: { city: 'Lyon', tags: ['a', 'é'] }, vip: true }).run();
    expect(orm.select().from(people).where(eq(people.id, 50)).get()).toEqual({ id: 50, name: 'Cleo', visits: 1, profile: { city: 'Lyon', tags: ['a', 'é'] }, vip: true });
    const updated = orm.update(people).set({ vip: false }).where(eq(people.name, 'Cleo')).returning({ id: people.id, vip: people.vip }).all();
    expect(updated).toEqual([{ id: 50, vip: false }]);
    expect(() =>
      orm.transaction((tx) => {
        tx.delete(people).where(eq(people.id, 50)).run();
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(orm.select({ name: people.name }).from(people).where(eq(people.id, 50)).all()).toEqual([{ name: 'Cleo' }]);
  });

  it("runs drizzle's upserts (a conflict target drizzle qualifies with its table)", () => {
    const orm = drizzleOn(db);
    const upsert = (visits: number) =>
      orm.insert(people).values({ id: 60, name: 'Dee', visits, vip: false }).onConflictDoUpdate({ target: people.id, set: { visits } }).run();
    upsert(1);
    upsert(7);
    orm.insert(people).values({ id: 60, name: 'Dee', vip: false }).onConflictDoNothing({ target: [people.id] }).run();
    expect(orm.select({ visits: people.visits }).from(people).where(eq(people.id, 60)).all()).toEqual([{ visits: 7 }]);
  });

  it('closes', () => {
    const other = connect();
    expect(other.open).toBe(true);
    other.close();
    expect(other.open).toBe(false);
    expect(() => other.prepare('SELECT 1').get()).toThrow();
  });
});

describe('PostgreSQL connections', () => {
  it('say where they could not connect, without the password', () => {
    expect(() => new PostgresConnection('postgres://parcours:s3cret@127.0.0.1:1/nowhere')).toThrow(/cannot connect to PostgreSQL at postgres:\/\/parcours:\*\*\*@127\.0\.0\.1:1\/nowhere/);
  });

  it('wait a bounded time for a row another connection holds, then fail without writing', () => {
    const url = databases.postgresUrl();
    const [holder, waiter] = [new PostgresConnection(url), new PostgresConnection(url, { lockWaitMs: 200 })];
    holder.exec(SCHEMA);
    holder.prepare('INSERT INTO people (id, name) VALUES (1, ?)').run('Ada');
    holder.exec('BEGIN');
    holder.prepare('UPDATE people SET visits = 1 WHERE id = 1').run();
    expect(() => waiter.prepare('UPDATE people SET visits = 2 WHERE id = 1').run()).toThrow(/lock timeout/);
    holder.exec('COMMIT');
    expect(waiter.prepare('SELECT visits FROM people WHERE id = 1').pluck().get()).toBe(1);
    holder.close();
    waiter.close();
  });

  it('close without aborting the process, however soon garbage collection runs', async () => {
    const url = databases.postgresUrl();
    const run = spawnSync(process.execPath, ['--expose-gc', ...(await programArgs('server/test/fixtures/close-connections.ts')), url], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).not.toMatch(/Assertion/);
    expect(run.stdout).toContain('closed 100 connections');
    expect(run.status).toBe(0);
  });
});
