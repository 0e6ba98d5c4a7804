import { dialectOf, jsonEach, worded } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { UNSENT_STATUSES } from '../db/schema.ts';
import { boundLimit } from '../db/raw-statement.ts';

/** Where a pruning pass stands in a table: rows up to `after` (by id) were looked at. */
export interface PruneCursor {
  after: number;
}

/** What one batch did: rows deleted, and whether the pass reached rows too young to prune (it is done). */
export interface PruneBatch {
  deleted: number;
  done: boolean;
}

interface Pruned<Row> {
  table: string;
  /** The time column that grows with the row id (the server's time at insert): the pass stops at the first young row. */
  stopColumn: string;
  columns: string;
  /** Rows older than the cutoff that must stay all the same (a live rule still reads them). */
  keep: (row: Row) => boolean;
}

/**
 * Deletes, in id order from the cursor, up to `limit` rows older than `cutoff` by `stopColumn` and
 * not kept; in the caller's (short) transaction. Rows are appended in time order, so the oldest are
 * the first by id, and no time index is needed: a pass walks from the start of the table and stops
 * at the first row written after the cutoff. Kept rows are stepped over (and looked at again by the
 * next pass).
 */
function pruneBatch<Row extends { id: number; time: number }>(db: Db, spec: Pruned<Row>, cutoff: number, cursor: PruneCursor, limit: number): PruneBatch {
  const connection = db.$client;
  // By rowid on SQLite: the id of the tables that have one, and the only key of those that do not (on PostgreSQL,
  // pruneReceipts deletes those without walking them).
  const key = worded(connection, { sqlite: 'rowid', postgres: 'id' });
  const rows = connection
    .prepare(`SELECT ${key} AS id, ${spec.stopColumn} AS time, ${spec.columns} FROM ${spec.table} WHERE ${key} > ? ORDER BY ${key} ${boundLimit('?')}`)
    .all(cursor.after, limit) as Row[];
  const doomed: number[] = [];
  let done = rows.length < limit;
  for (const row of rows) {
    if (row.time >= cutoff) {
      done = true;
      break;
    }
    cursor.after = row.id;
    if (!spec.keep(row)) doomed.push(row.id);
  }
  if (doomed.length > 0) connection.prepare(`DELETE FROM ${spec.table} WHERE ${key} IN (SELECT value FROM ${jsonEach(connection, '?', 'bigint')})`).run(JSON.stringify(doomed));
  return { deleted: doomed.length, done };
}

/**
 * Events that happened (and were received) before `cutoff`, but those whose name a condition
 * without a window reads (`ever`).
 */
export function pruneEvents(db: Db, cutoff: number, ever: ReadonlySet<string>, cursor: PruneCursor, limit: number): PruneBatch {
  return pruneBatch<{ id: number; time: number; at: number; name: string }>(
    db,
    { table: 'events', stopColumn: 'received_at', columns: 'at, name', keep: (e) => e.at >= cutoff || ever.has(e.name) },
    cutoff,
    cursor,
    limit,
  );
}

/**
 * Ids of signed provider posts (delivery feedback receipts, text message replies) received before `cutoff`, kept only
 * to refuse a replay: a replay that old is refused as stale by its timestamp anyway.
 */
export function pruneReceipts(db: Db, table: 'feedback_receipts' | 'sms_replies', cutoff: number, cursor: PruneCursor, limit: number): PruneBatch {
  if (dialectOf(db.$client) === 'postgres') {
    // No row id to walk by: a bounded delete of old rows, by their physical address.
    const { changes } = db.$client.prepare(`DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE received_at < ? LIMIT ?)`).run(cutoff, limit);
    return { deleted: changes, done: changes < limit };
  }
  return pruneBatch<{ id: number; time: number }>(db, { table, stopColumn: 'received_at', columns: 'received_at', keep: () => false }, cutoff, cursor, limit);
}

/** Trace rows written before `cutoff` (the counters keep the counts they made). */
export function pruneSteps(db: Db, cutoff: number, cursor: PruneCursor, limit: number): PruneBatch {
  return pruneBatch<{ id: number; time: number }>(db, { table: 'steps', stopColumn: 'at', columns: 'at', keep: () => false }, cutoff, cursor, limit);
}

/**
 * Outbox rows created before `cutoff` that delivery is done with, never a pending one; of the
 * messages that went out, those a `once` send asks about (`once`: keys from `onceKey`) stay.
 */
export function pruneMessages(db: Db, cutoff: number, once: ReadonlySet<string>, cursor: PruneCursor, limit: number): PruneBatch {
  const unsent: readonly string[] = UNSENT_STATUSES;
  return pruneBatch<{ id: number; time: number; status: string; scenarioId: string; template: string | null }>(
    db,
    {
      table: 'messages',
      stopColumn: 'created_at',
      columns: 'status, scenario_id AS scenarioId, template',
      keep: (m) => m.status === 'pending' || (!unsent.includes(m.status) && m.template !== null && once.has(onceKey(m.scenarioId, m.template))),
    },
    cutoff,
    cursor,
    limit,
  );
}

export const onceKey = (scenarioId: string, template: string) => `${scenarioId}\u0000${template}`;
