import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditFilter } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { auditLog } from '../db/schema.ts';

export type AuditRow = typeof auditLog.$inferInsert;

/** Appends one entry; in the caller's transaction when there is one (the change it records). */
export function appendAudit(db: Db, row: AuditRow): void {
  db.insert(auditLog).values(row).run();
}

function where(filter: AuditFilter, before?: number): SQL | undefined {
  const actor = filter.actor?.toLowerCase();
  return and(
    before !== undefined ? lt(auditLog.id, before) : undefined,
    actor !== undefined ? or(eq(auditLog.actorId, filter.actor!), eq(auditLog.actorLabel, filter.actor!), eq(auditLog.actorLabel, actor)) : undefined,
    filter.action !== undefined ? eq(auditLog.action, filter.action) : undefined,
    filter.targetType !== undefined ? eq(auditLog.targetType, filter.targetType) : undefined,
    filter.targetId !== undefined ? eq(auditLog.targetId, filter.targetId) : undefined,
    filter.from !== undefined ? gte(auditLog.at, Date.parse(filter.from)) : undefined,
    filter.to !== undefined ? lt(auditLog.at, Date.parse(filter.to)) : undefined,
  );
}

const entryOf = (row: typeof auditLog.$inferSelect): AuditEntry => ({
  id: row.id,
  at: new Date(row.at).toISOString(),
  actor: { kind: row.actorKind, id: row.actorId, label: row.actorLabel },
  action: row.action,
  target: { type: row.targetType, id: row.targetId },
  change: row.change,
  ip: row.ip,
  userAgent: row.userAgent,
});

/** One page of entries matching the filter, newest first, older than the entry `before` (a cursor: ids only grow). */
export function listAudit(db: Db, filter: AuditFilter, limit: number, before?: number): { items: AuditEntry[]; next?: number } {
  const rows = db.select().from(auditLog).where(where(filter, before)).orderBy(desc(auditLog.id)).limit(limit + 1).all();
  const items = rows.slice(0, limit).map(entryOf);
  return rows.length > limit ? { items, next: items[items.length - 1].id } : { items };
}
