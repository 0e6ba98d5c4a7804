import type { FeedbackEvent } from '@parcours/shared';
import { inTransaction, type Db } from '../db/open.ts';
import { Conflict } from '../domain/errors.ts';
import { CounterDeltas } from '../store/counters.ts';
import { messageNamed, recordEngagement } from '../store/engagement.ts';
import { firstReceipt, recordBounce, recordComplaint } from '../store/feedback.ts';

/**
 * A provider's events against our outbox, all in one transaction with the counters they move: a delivery id seen
 * before refuses the whole request (a replay; nothing written). An event naming no message of ours is counted as
 * unknown and ignored, so the provider does not retry it forever.
 */
export function applyFeedback(db: Db, provider: string, events: FeedbackEvent[], now: number): { recorded: number; unknown: number } {
  return inTransaction(db, () => {
    const counters = new CounterDeltas();
    let recorded = 0;
    for (const event of events) {
      if (!firstReceipt(db, provider, event.deliveryId, now)) throw new Conflict(`delivery ${event.deliveryId} was already received from ${provider}`);
      const message = messageNamed(db, event.messageId);
      if (!message) continue;
      recorded++;
      const source = `feedback:${provider}`;
      if (event.kind === 'delivered') recordEngagement(db, message, 'delivered', now, counters);
      else if (event.kind === 'bounced') recordBounce(db, message, event.bounce ?? 'soft', source, now, counters);
      else recordComplaint(db, message, source, now, counters);
    }
    counters.flush(db);
    return { recorded, unknown: events.length - recorded };
  });
}
