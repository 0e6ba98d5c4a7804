import { isMachineClick, isMachineOpen, type Json, type TrackingHit } from '@parcours/shared';
import { inTransaction, type Db } from '../db/open.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { findContact } from '../store/contacts.ts';
import { CounterDeltas } from '../store/counters.ts';
import { findMessage, recordEngagement } from '../store/engagement.ts';

export interface Engagement {
  kind: 'opened' | 'clicked';
  messageId: number;
  /** The link followed, for a click. */
  url?: string;
  /** Who asked, as the tracking route saw it; `sinceSent` is filled in here. */
  hit: Omit<TrackingHit, 'sinceSent'>;
}

const EVENT_NAMES = { opened: 'email_opened', clicked: 'email_clicked' } as const;

/**
 * An open or a click of a message we sent: an event of the contact through the normal ingest path (so waits,
 * branches and goals see it, and the timeline shows it), and the message node's counter, in one transaction.
 * Privacy proxies and link scanners are flagged `machine: true` and counted apart (`opened:machine`,
 * `clicked:machine`), never as a person. A person's click counts as an open too (images may be blocked).
 * Nothing happens for a message or contact that is gone (pruned, erased).
 */
export function recordTracking(db: Db, runtime: Runtime, now: number, { kind, messageId, url, hit }: Engagement): void {
  inTransaction(db, () => {
    const message = findMessage(db, messageId);
    if (!message || !findContact(db, message.contactId)) return;
    const sinceSent = message.sentAt === null ? undefined : now - message.sentAt;
    const machine = kind === 'opened' ? isMachineOpen(hit) : isMachineClick({ ...hit, sinceSent });
    const counters = new CounterDeltas();
    if (machine) counters.add(message.scenarioId, message.version, message.node, '', `${kind}:machine`, 1);
    else {
      recordEngagement(db, message, kind, now, counters);
      if (kind === 'clicked') recordEngagement(db, message, 'opened', now, counters);
    }
    counters.flush(db);
    const properties: Record<string, Json> = { messageId: message.id, scenarioId: message.scenarioId, node: message.node, machine };
    if (message.template) properties.template = message.template;
    if (url !== undefined) properties.url = url;
    runtime.track([{ userId: message.contactId, event: EVENT_NAMES[kind], properties }]);
  });
}
