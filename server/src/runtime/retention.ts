import { retentionFloor } from '@parcours/shared';
import { FEEDBACK_TOLERANCE_MAX_S } from '../channels/config.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/open.ts';
import { loadPolicy } from '../store/policy.ts';
import { onceKey, pruneEvents, pruneMessages, pruneReceipts, pruneSteps, type PruneBatch, type PruneCursor } from '../store/retention.ts';
import { publishedDefinitions } from '../store/scenarios.ts';
import { savedSegments } from '../store/segments.ts';
import { AuditPruning } from './audit-retention.ts';

const DAY = 86_400_000;

/** How long each kind of row is kept, in days; 0 keeps it for good. */
export interface RetentionSettings {
  eventsDays: number;
  stepsDays: number;
  messagesDays: number;
}

/** How long the retention loop rests after a pass has gone through every table. */
export const RETENTION_REST_MS = 3_600_000;

type Table = 'events' | 'steps' | 'messages' | 'receipts' | 'smsReplies' | 'audit';

interface Pass {
  cursors: Record<Table, PruneCursor>;
  pending: Set<Table>;
  prune: Record<Table, (cursor: PruneCursor) => PruneBatch>;
}

/**
 * Storage limitation (GDPR) and a bounded database: events, trace rows and delivered messages older
 * than their retention go, in passes of small batches (one short transaction each), oldest first.
 * Never what a rule still reads (shared retentionFloor over every published version and saved segment): events
 * within the longest condition window and those a windowless condition counts, messages within
 * the longest frequency-cap window and those a `once` send asks about, pending messages. The live
 * counters are not touched, so the canvas counts do not change; enrolments (re-entry) stay.
 * The audit log goes only as far as its own retention setting and its database trigger allow (AuditPruning).
 */
export class Retention {
  private pass: Pass | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: RetentionSettings,
    private readonly batchSize = 1000,
  ) {}

  /** One batch per table still in the current pass (a new pass starts after one ends); whether the pass goes on. */
  prune(): { deleted: number; more: boolean } {
    const pass = (this.pass ??= this.startPass());
    let deleted = 0;
    for (const table of [...pass.pending]) {
      const batch = inTransaction(this.db, () => pass.prune[table](pass.cursors[table]));
      deleted += batch.deleted;
      if (batch.done) pass.pending.delete(table);
    }
    if (pass.pending.size > 0) return { deleted, more: true };
    this.pass = undefined;
    return { deleted, more: false };
  }

  /** A whole pass at once (tests, a manual clean-up): the rows deleted. */
  pruneAll(): number {
    let total = 0;
    for (;;) {
      const { deleted, more } = this.prune();
      total += deleted;
      if (!more) return total;
    }
  }

  /** The cutoffs of a pass, from the clock and the rules live at its start. */
  private startPass(): Pass {
    const now = this.clock.now();
    const floor = retentionFloor(publishedDefinitions(this.db), loadPolicy(this.db), savedSegments(this.db).map((segment) => segment.condition));
    const { eventsDays, stepsDays, messagesDays } = this.settings;
    const cutoff = (days: number, atLeast = 0) => (days === 0 ? -Infinity : now - Math.max(days * DAY, atLeast));
    const events = cutoff(eventsDays, floor.eventWindow);
    const steps = cutoff(stepsDays);
    const messages = cutoff(messagesDays, floor.messageWindow);
    const once = new Set(floor.once.map((o) => onceKey(o.scenarioId, o.template)));
    const limit = this.batchSize;
    const audit = new AuditPruning(this.db, this.clock);
    return {
      // The audit log's pass keeps its own place (entries older than its horizon, up to the last id at its start).
      cursors: { events: { after: 0 }, steps: { after: 0 }, messages: { after: 0 }, receipts: { after: 0 }, smsReplies: { after: 0 }, audit: { after: 0 } },
      pending: new Set<Table>(['events', 'steps', 'messages', 'receipts', 'smsReplies', 'audit']),
      prune: {
        events: (cursor) => pruneEvents(this.db, events, floor.everEvents, cursor, limit),
        steps: (cursor) => pruneSteps(this.db, steps, cursor, limit),
        messages: (cursor) => pruneMessages(this.db, messages, once, cursor, limit),
        // The longest tolerance a feedback provider may set is a day: older receipts can no longer stop a replay.
        receipts: (cursor) => pruneReceipts(this.db, 'feedback_receipts', now - FEEDBACK_TOLERANCE_MAX_S * 1000, cursor, limit),
        // Replies are signed like feedback, with the same tolerance.
        smsReplies: (cursor) => pruneReceipts(this.db, 'sms_replies', now - FEEDBACK_TOLERANCE_MAX_S * 1000, cursor, limit),
        // Kept for good unless an admin set a retention (PUT /api/settings/audit-retention).
        audit: () => audit.batch(limit),
      },
    };
  }
}
