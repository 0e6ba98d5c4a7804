import { min } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { segmentRechecks } from '../db/schema.ts';
import { statements, type DueRecheck } from '../db/statements.ts';
import { claimDue } from './due-rows.ts';

/** Sets (or, with no instant, clears) when the contact's segment entry must be checked again. */
export function setRecheck(db: Db, contactId: string, scenarioId: string, dueAt: number | undefined): void {
  const q = statements(db);
  if (dueAt === undefined) q.clearRecheck.run({ contactId, scenarioId });
  else q.setRecheck.run({ contactId, scenarioId, dueAt });
}

/** Claims up to `limit` re-checks due by `now` (see claimDue). */
export function claimDueRechecks(db: Db, now: number, limit: number): DueRecheck[] {
  const q = statements(db);
  return claimDue(q.dueRechecks, q.clearRecheck, now, limit);
}

export function nextRecheckAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(segmentRechecks.dueAt) }).from(segmentRechecks).all();
  return row?.at ?? undefined;
}
