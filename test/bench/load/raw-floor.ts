/**
 * The raw floor of a timer burst: the very row changes the server made for a scenario's enrolments
 * (read before and after the burst), replayed with plain better-sqlite3 statements into a fresh
 * database of the same schema, 500 enrolments per transaction, no engine and no HTTP. What the
 * server takes beyond this is ours; this much any engine writing the same rows would take.
 * Replayed either among the scenario's rows alone, or among every other enrolment of the server's
 * file too: the server's writes land in the enrolments table and indexes of the whole base (a random
 * page of the active-run index per contact at 1M), which a table of the scenario's rows alone hides.
 */
import Database from 'better-sqlite3';
import { openDatabase, sqliteOf } from '@parcours/server';

interface TableRows {
  columns: string[];
  /** By rowid: the row's values, in `columns` order. */
  rows: Map<number, unknown[]>;
  /** By rowid: the enrolment the row belongs to. */
  enrolment: Map<number, number>;
}

export type RowSnapshot = Map<string, TableRows>;

/** The rows of a scenario's enrolments and of every table holding an `enrolment_id` for them. */
export function snapshotRows(file: string, scenarioId: string): RowSnapshot {
  const db = new Database(file, { readonly: true });
  const tables = (db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all() as string[]).filter((name) =>
    (db.prepare(`select name from pragma_table_info(?)`).pluck().all(name) as string[]).includes('enrolment_id'),
  );
  const snapshot: RowSnapshot = new Map();
  const read = (table: string, sql: string) => {
    const statement = db.prepare(sql).raw();
    const columns = statement.columns().map((c) => c.name).slice(2);
    const rows = new Map<number, unknown[]>();
    const enrolment = new Map<number, number>();
    for (const [rowid, owner, ...values] of statement.all(scenarioId) as Array<[number, number, ...unknown[]]>) {
      rows.set(rowid, values);
      enrolment.set(rowid, owner);
    }
    snapshot.set(table, { columns, rows, enrolment });
  };
  read('enrolments', 'select rowid, id, * from enrolments where scenario_id = ?');
  for (const table of tables) {
    read(table, `select t.rowid, t.enrolment_id, t.* from ${table} t join enrolments e on e.id = t.enrolment_id where e.scenario_id = ?`);
  }
  db.close();
  return snapshot;
}

/**
 * Replays the changes from `before` to `after` into a fresh database at `scratch`; returns the time taken.
 * With `among`, the other scenarios' enrolments of that file are copied in first (untimed).
 */
export function rawFloor(before: RowSnapshot, after: RowSnapshot, scratch: string, among?: { file: string; scenarioId: string }): { ms: number; rows: number; enrolments: number } {
  const db = sqliteOf(openDatabase(scratch));
  db.pragma('foreign_keys = OFF');
  // The starting point, untimed.
  if (among) {
    db.prepare('attach database ? as server').run(among.file);
    db.prepare('insert into enrolments select * from server.enrolments where scenario_id <> ?').run(among.scenarioId);
    db.exec('detach database server');
  }
  db.transaction(() => {
    for (const [table, { columns, rows }] of before) {
      const insert = db.prepare(`insert into ${table} (rowid, ${columns.join(',')}) values (?, ${columns.map(() => '?').join(',')})`);
      for (const [rowid, values] of rows) insert.run(rowid, ...values);
    }
  })();
  // The writes per enrolment: deletes, updates of the changed columns only, inserts.
  const writes = new Map<number, Array<() => void>>();
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
  const add = (enrolment: number, write: () => void) => writes.set(enrolment, [...(writes.get(enrolment) ?? []), write]);
  let rows = 0;
  for (const [table, now] of after) {
    const was = before.get(table);
    for (const [rowid, values] of now.rows) {
      const old = was?.rows.get(rowid);
      if (!old) {
        const sql = `insert into ${table} (rowid, ${now.columns.join(',')}) values (?, ${now.columns.map(() => '?').join(',')})`;
        add(now.enrolment.get(rowid)!, () => prepared(sql).run(rowid, ...values));
        rows++;
        continue;
      }
      const changed = now.columns.filter((_, i) => old[i] !== values[i]);
      if (changed.length === 0) continue;
      const sql = `update ${table} set ${changed.map((c) => `${c} = ?`).join(', ')} where rowid = ?`;
      const args = now.columns.flatMap((c, i) => (changed.includes(c) ? [values[i]] : []));
      add(now.enrolment.get(rowid)!, () => prepared(sql).run(...args, rowid));
      rows++;
    }
    for (const rowid of was?.rows.keys() ?? []) {
      if (now.rows.has(rowid)) continue;
      add(was!.enrolment.get(rowid)!, () => prepared(`delete from ${table} where rowid = ?`).run(rowid));
      rows++;
    }
  }
  const batches = [...writes.values()];
  const start = performance.now();
  for (let b = 0; b < batches.length; b += 500) {
    db.transaction(() => batches.slice(b, b + 500).forEach((list) => list.forEach((write) => write())))();
  }
  const ms = performance.now() - start;
  db.close();
  return { ms, rows, enrolments: batches.length };
}
