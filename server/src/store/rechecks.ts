import { min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { segmentRechecks } from '../db/schema.ts';
import { statements, type DueRecheck } from '../db/statements.ts';

/** Sets (or, with no instant, clears) when the contact's segment entry must be checked again. */
export function setRecheck(db: Db, contactId: string, scenarioId: string, dueAt: number | undefined): void {
  const q = statements(db);
  if (dueAt === undefined) q.clearRecheck.run({ contactId, scenarioId });
  else q.setRecheck.run({ contactId, scenarioId, dueAt });
}

/**
 * Claims up to `limit` re-checks due by `now`, earliest first: they are deleted in the caller's
 * transaction, which applies them (and sets the next ones).
 */
export function claimDueRechecks(db: Db, now: number, limit: number): DueRecheck[] {
  const q = statements(db);
  const due = q.dueRechecks.all({ now, limit });
  for (const { contactId, scenarioId } of due) q.clearRecheck.run({ contactId, scenarioId });
  return due;
}

export function nextRecheckAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(segmentRechecks.dueAt) }).from(segmentRechecks).all();
  return row?.at ?? undefined;
}
