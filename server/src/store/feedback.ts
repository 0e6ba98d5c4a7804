import { isMessageChannel } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { feedbackReceipts, type SuppressionReason } from '../db/schema.ts';
import type { CounterDeltas } from './counters.ts';
import { recordEngagement } from './engagement.ts';
import type { OutboxMessage } from './outbox.ts';
import { suppress } from './suppressions.ts';

/** Suppresses the address a message went to, when it is known and of a channel with addresses. */
function suppressAddressOf(db: Db, message: Pick<OutboxMessage, 'channel' | 'address'>, reason: SuppressionReason, source: string, at: number): void {
  if (message.address && isMessageChannel(message.channel)) suppress(db, { channel: message.channel, address: message.address, reason, source }, at);
}

/** A bounce: counted once on the message's node; a hard one puts the address on the suppression list. */
export function recordBounce(db: Db, message: OutboxMessage, kind: 'hard' | 'soft', source: string, at: number, counters: CounterDeltas): void {
  recordEngagement(db, message, 'bounced', at, counters, kind);
  if (kind === 'hard') suppressAddressOf(db, message, 'hard_bounce', source, at);
}

/** A spam complaint: counted once on the message's node, and the address suppressed. */
export function recordComplaint(db: Db, message: OutboxMessage, source: string, at: number, counters: CounterDeltas): void {
  recordEngagement(db, message, 'complained', at, counters);
  suppressAddressOf(db, message, 'complaint', source, at);
}

/** Notes a provider's delivery id; false when it was seen before (a replay). */
export function firstReceipt(db: Db, provider: string, deliveryId: string, at: number): boolean {
  return db.insert(feedbackReceipts).values({ provider, deliveryId, receivedAt: at }).onConflictDoNothing().run().changes > 0;
}
