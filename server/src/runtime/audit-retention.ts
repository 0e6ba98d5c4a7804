import type { Clock } from '../clock.ts';
import type { Db } from '../db/open.ts';
import { appendAudit } from '../store/audit.ts';
import { countPrunable, deletePrunable, lastAuditId, loadAuditRetention, pruneHorizon } from '../store/audit-retention.ts';
import { withinBudget } from './budget.ts';
import type { PruneBatch } from '../store/retention.ts';

/** Entries deleted per statement; a batch runs statements until the job budget is spent. */
const AUDIT_SLICE = 200;

/**
 * One pass of audit-log retention: the entries older than the retention (by the database's clock, as its trigger
 * allows) when the pass begins. Its first batch records the pruning in the log itself, in the same transaction as the
 * first deletion: how many entries go and up to when, by Parcours (actor `system`). Never a deletion without its entry.
 */
export class AuditPruning {
  private pass: { before: number; upTo: number } | undefined;
  private started = false;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** One batch, in the caller's transaction: at most `limit` entries, within the job's time budget. */
  batch(limit: number): PruneBatch {
    if (!this.started) {
      this.started = true;
      this.pass = this.begin();
    }
    const pass = this.pass;
    if (!pass) return { deleted: 0, done: true };
    let done = false;
    const deleted = withinBudget(limit, AUDIT_SLICE, (n) => {
      const did = deletePrunable(this.db, pass.before, pass.upTo, n);
      done = did < n;
      return did;
    });
    return { deleted, done };
  }

  private begin(): { before: number; upTo: number } | undefined {
    const before = pruneHorizon(this.db);
    if (before === undefined) return undefined;
    const upTo = lastAuditId(this.db);
    const count = countPrunable(this.db, before, upTo);
    if (count === 0) return undefined;
    appendAudit(this.db, {
      at: this.clock.now(),
      actorKind: 'system',
      actorId: null,
      actorLabel: 'Parcours',
      action: 'audit.prune',
      targetType: 'audit_log',
      targetId: null,
      change: { deleted: count, before: new Date(before).toISOString(), retentionDays: loadAuditRetention(this.db) },
      ip: null,
      userAgent: null,
    });
    return { before, upTo };
  }
}
