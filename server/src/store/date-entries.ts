import { and, asc, eq, gt, min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { contacts, dateBackfills, dateEntries } from '../db/schema.ts';
import { statements, type DueRecheck } from '../db/statements.ts';

/** Sets (or, with no instant, clears) when the contact's next date-entry occurrence falls due; `now` dates the row. */
export function setDateEntry(db: Db, contactId: string, scenarioId: string, dueAt: number | undefined, now: number): void {
  const q = statements(db);
  if (dueAt === undefined) q.clearDateEntry.run({ contactId, scenarioId });
  else q.setDateEntry.run({ contactId, scenarioId, dueAt, setAt: now });
}

/**
 * Claims up to `limit` date occurrences due by `now`, earliest first: they are deleted in the
 * caller's transaction, which applies them (and sets the next ones).
 */
export function claimDueDateEntries(db: Db, now: number, limit: number): DueRecheck[] {
  const q = statements(db);
  const due = q.dueDateEntries.all({ now, limit });
  for (const { contactId, scenarioId } of due) q.clearDateEntry.run({ contactId, scenarioId });
  return due;
}

export function nextDateEntryAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(dateEntries.dueAt) }).from(dateEntries).all();
  return row?.at ?? undefined;
}

export type DateBackfill = typeof dateBackfills.$inferSelect;

/** A date scenario version went live at `from`: its contacts' date entries are to be computed (again). */
export function scheduleDateBackfill(db: Db, scenarioId: string, version: number, from: number): void {
  const job = { scenarioId, version, from, afterContact: null };
  db.insert(dateBackfills).values(job).onConflictDoUpdate({ target: dateBackfills.scenarioId, set: job }).run();
}

export const nextDateBackfill = (db: Db): DateBackfill | undefined => db.select().from(dateBackfills).orderBy(asc(dateBackfills.scenarioId)).limit(1).get();

/** The backfill went past `afterContact`; with none, it is done. */
export function advanceDateBackfill(db: Db, scenarioId: string, afterContact: string | undefined): void {
  if (afterContact === undefined) db.delete(dateBackfills).where(eq(dateBackfills.scenarioId, scenarioId)).run();
  else db.update(dateBackfills).set({ afterContact }).where(eq(dateBackfills.scenarioId, scenarioId)).run();
}

/** Up to `limit` contacts after `afterContact` in id order, with when their date entry in the scenario was last set. */
export function contactsToBackfill(db: Db, scenarioId: string, afterContact: string | null, limit: number) {
  return db
    .select({ id: contacts.id, attributes: contacts.attributes, timeZone: contacts.timeZone, setAt: dateEntries.setAt })
    .from(contacts)
    .leftJoin(dateEntries, and(eq(dateEntries.contactId, contacts.id), eq(dateEntries.scenarioId, scenarioId)))
    .where(afterContact === null ? undefined : gt(contacts.id, afterContact))
    .orderBy(asc(contacts.id))
    .limit(limit)
    .all();
}
