import { and, asc, eq, gt, min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { contacts, dateEntries } from '../db/schema.ts';
import { statements, type DueRecheck } from '../db/statements.ts';
import { claimDue } from './due-rows.ts';

/** Sets (or, with no instant, clears) when the contact's next date-entry occurrence falls due; `now` dates the row. */
export function setDateEntry(db: Db, contactId: string, scenarioId: string, dueAt: number | undefined, now: number): void {
  const q = statements(db);
  if (dueAt === undefined) q.clearDateEntry.run({ contactId, scenarioId });
  else q.setDateEntry.run({ contactId, scenarioId, dueAt, setAt: now });
}

/** Claims up to `limit` date occurrences due by `now` (see claimDue). */
export function claimDueDateEntries(db: Db, now: number, limit: number): DueRecheck[] {
  const q = statements(db);
  return claimDue(q.dueDateEntries, q.clearDateEntry, now, limit);
}

export function nextDateEntryAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(dateEntries.dueAt) }).from(dateEntries).all();
  return row?.at ?? undefined;
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
