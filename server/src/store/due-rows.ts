import type { RawStatement } from '../db/raw-statement.ts';
import type { DueRecheck } from '../db/statements.ts';

type Key = { contactId: string; scenarioId: string };

/**
 * Claims up to `limit` per-contact rows due by `now` (segment re-checks, date occurrences), earliest
 * first: they are deleted in the caller's transaction, which applies them (and sets the next ones).
 */
export function claimDue(due: RawStatement<{ now: number; limit: number }, DueRecheck>, clear: RawStatement<Key>, now: number, limit: number): DueRecheck[] {
  const rows = due.all({ now, limit });
  for (const { contactId, scenarioId } of rows) clear.run({ contactId, scenarioId });
  return rows;
}
