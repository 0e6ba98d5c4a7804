import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { auditRetention } from '../db/schema.ts';
import { boundLimit } from '../db/raw-statement.ts';

/** How many days the audit log keeps its entries; null keeps them for good. */
export const loadAuditRetention = (db: Db): number | null => db.select({ days: auditRetention.days }).from(auditRetention).where(eq(auditRetention.id, 1)).get()?.days ?? null;

/** The table's CHECK refuses a value under the minimum, whoever writes it. */
export function saveAuditRetention(db: Db, days: number | null): void {
  db.update(auditRetention).set({ days }).where(eq(auditRetention.id, 1)).run();
}

/**
 * The instant before which entries may be deleted, as the database's trigger sees it (the view `audit_prune_horizon`,
 * on the database's clock); undefined while the log is kept for good.
 */
export const pruneHorizon = (db: Db): number | undefined =>
  (db.$client.prepare('SELECT before FROM audit_prune_horizon').get() as { before: number } | undefined)?.before;

/** The entries a pruning pass removes: older than `before`, and written before the pass began (id up to `upTo`). */
export function countPrunable(db: Db, before: number, upTo: number): number {
  return (db.$client.prepare('SELECT count(*) AS n FROM audit_log WHERE at < ? AND id <= ?').get(before, upTo) as { n: number }).n;
}

export const lastAuditId = (db: Db): number => (db.$client.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number }).id;

/**
 * Deletes up to `limit` of those entries, oldest first. Also below the horizon as it is now: were the retention
 * lengthened during the pass, the trigger would refuse the rest, and they stay.
 */
export function deletePrunable(db: Db, before: number, upTo: number, limit: number): number {
  return db.$client
    .prepare(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ? AND id <= ? AND at < (SELECT before FROM audit_prune_horizon) ORDER BY id ${boundLimit('?')})`)
    .run(before, upTo, limit).changes;
}
