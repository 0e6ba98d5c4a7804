import type { VolumeOrder } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { worded } from '../db/dialect.ts';
import { boundLimit, RawStatement } from '../db/raw-statement.ts';

/** Where a walk in a volume order stands: after this (rank key, contact id). */
export interface RankCursor {
  key: number;
  id: string;
}

/** Before every contact: every rank key is above minus infinity, every id above ''. */
export const RANK_START: RankCursor = { key: -Infinity, id: '' };

/** A contact met on a walk in a volume order, with what the run needs to know of it. */
export interface RankedContact {
  id: string;
  timeZone: string | null;
  key: number;
  anonymous: 0 | 1;
  /** 1: a member of the campaign's segment now. */
  member: 0 | 1;
  /** 1: already has a delivery row in the run. */
  inRun: 0 | 1;
}

/**
 * A contact's rank key in the order, as SQL over `contacts.attributes`: ascending is always best first (a `desc` order
 * negates the value), and a contact without the attribute, or whose value is not a number, gets +infinity (last).
 * The attribute name is checked by the definition's schema (letters, digits, `_`, `-`, `.`: nothing that ends the
 * string), and is read as a dot path like everywhere else. The same text builds the index and the queries, so
 * SQLite uses one for the other.
 */
function rankKey(db: Db, { attribute, direction }: VolumeOrder): string {
  const keys = `'{${attribute.split('.').join(',')}}'`;
  const { value, infinity } = worded(db.$client, {
    sqlite: { value: `CASE WHEN json_type(attributes, '$.${attribute}') IN ('integer', 'real') THEN json_extract(attributes, '$.${attribute}') END`, infinity: '9e999' },
    postgres: { value: `CASE WHEN jsonb_typeof(attributes::jsonb #> ${keys}) = 'number' THEN (attributes::jsonb #>> ${keys})::float8 END`, infinity: "'Infinity'::float8" },
  });
  return `coalesce(${direction === 'desc' ? `-(${value})` : value}, ${infinity})`;
}

const indexName = ({ attribute, direction }: VolumeOrder) => `contacts_order_${direction}_${attribute}`;

/**
 * Creates the index of the contacts in the order, once per attribute and direction (when a campaign that needs it is
 * saved): a run then reads the best-ordered contacts slice by slice without sorting them all. Building it reads
 * every contact once (see bench:campaign-volume for what it costs at scale); keeping it costs each contact write one
 * more index entry.
 */
export function ensureOrderIndex(db: Db, order: VolumeOrder): void {
  db.$client.exec(`CREATE INDEX IF NOT EXISTS "${indexName(order)}" ON contacts (${rankKey(db, order)}, id)`);
}

type WalkParams = { key: number; id: string; limit: number; segmentId: string; runId: number };

function prepare(db: Db, order: VolumeOrder) {
  const key = rankKey(db, order);
  const columns = `id, time_zone AS timeZone, ${key} AS key, anonymous,
    EXISTS (SELECT 1 FROM segment_members m WHERE m.segment_id = @segmentId AND m.contact_id = contacts.id) AS member,
    EXISTS (SELECT 1 FROM campaign_deliveries d WHERE d.run_id = @runId AND d.contact_id = contacts.id) AS inRun`;
  const statement = (sql: string) => new RawStatement<WalkParams, RankedContact>(db.$client.prepare(sql));
  // Two searches of the index rather than one row-value comparison, which SQLite answers by scanning it from the start.
  return {
    sameKey: statement(`SELECT ${columns} FROM contacts WHERE ${key} = @key AND id > @id ORDER BY id ${boundLimit()}`),
    nextKeys: statement(`SELECT ${columns} FROM contacts WHERE ${key} > @key ORDER BY ${key}, id ${boundLimit()}`),
  };
}

const cache = new WeakMap<Db, Map<string, ReturnType<typeof prepare>>>();

/** Up to `limit` contacts after `after` in the order, best first: what one slice of a run's walk looks at. */
export function contactsInOrder(db: Db, order: VolumeOrder, after: RankCursor, limit: number, run: { id: number; segmentId: string }): RankedContact[] {
  let prepared = cache.get(db);
  if (!prepared) cache.set(db, (prepared = new Map()));
  const name = indexName(order);
  let q = prepared.get(name);
  if (!q) prepared.set(name, (q = prepare(db, order)));
  const params = { key: after.key, id: after.id, limit, segmentId: run.segmentId, runId: run.id };
  const same = q.sameKey.all(params);
  return same.length < limit ? [...same, ...q.nextKeys.all({ ...params, limit: limit - same.length })] : same;
}
