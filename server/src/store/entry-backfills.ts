import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { contacts, entryBackfills } from '../db/schema.ts';

export type EntryBackfill = typeof entryBackfills.$inferSelect;

/** A scenario version went live at `from`: its contacts' date entries or segment re-checks are to be computed (again). */
export function scheduleEntryBackfill(db: Db, scenarioId: string, version: number, from: number): void {
  const job = { scenarioId, version, from, afterContact: null };
  db.insert(entryBackfills).values(job).onConflictDoUpdate({ target: entryBackfills.scenarioId, set: job }).run();
}

/** The pending backfills, one per scenario at most (so few), in scenario id order. */
export const pendingEntryBackfills = (db: Db): EntryBackfill[] => db.select().from(entryBackfills).orderBy(asc(entryBackfills.scenarioId)).all();

/** The backfill went past `afterContact`; with none, it is done. */
export function advanceEntryBackfill(db: Db, scenarioId: string, afterContact: string | undefined): void {
  if (afterContact === undefined) db.delete(entryBackfills).where(eq(entryBackfills.scenarioId, scenarioId)).run();
  else db.update(entryBackfills).set({ afterContact }).where(eq(entryBackfills.scenarioId, scenarioId)).run();
}

/** Up to `limit` contact ids after `afterContact`, in id order. */
export function contactIdsAfter(db: Db, afterContact: string | null, limit: number): string[] {
  return db
    .select({ id: contacts.id })
    .from(contacts)
    .where(afterContact === null ? undefined : gt(contacts.id, afterContact))
    .orderBy(asc(contacts.id))
    .limit(limit)
    .all()
    .map((row) => row.id);
}
