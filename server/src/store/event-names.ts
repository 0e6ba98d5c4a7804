import { count, desc, max } from 'drizzle-orm';
import type { EventNames } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { events } from '../db/schema.ts';

/** How many of the newest events the names are read from: enough to meet every live name, bounded at any base size. */
export const EVENT_NAMES_SCANNED = 50_000;
/** Names beyond this many are too rare to help a suggestion list. */
const MOST_NAMES = 500;

/**
 * The event names among the newest events, most frequent first. Reads a bounded slice of the table by its primary key
 * (no index on names, which every ingested event would pay for), so a name not done lately is not suggested.
 */
export function recentEventNames(db: Db, scanned = EVENT_NAMES_SCANNED): EventNames {
  const newest = db.select({ name: events.name, at: events.at }).from(events).orderBy(desc(events.id)).limit(scanned).as('newest');
  const rows = db
    .select({ name: newest.name, events: count(), lastAt: max(newest.at) })
    .from(newest)
    .groupBy(newest.name)
    .orderBy(desc(count()), newest.name)
    .limit(MOST_NAMES)
    .all();
  const read = db.select({ events: count() }).from(newest).get()?.events ?? 0;
  return { scanned: read, names: rows.map((row) => ({ name: row.name, events: row.events, lastAt: new Date(row.lastAt ?? 0).toISOString() })) };
}
