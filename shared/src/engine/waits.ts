import type { NodeOf } from '../schema/nodes.ts';
import { parseDuration } from '../time/duration.ts';
import { dateAt, isWithinSpan, nextSpanStart, nextTimeOfDay } from '../time/zoned.ts';
import type { ContactFacts, Instant } from './types.ts';

export type TimedWait = NodeOf<'wait.delay' | 'wait.until' | 'wait.window' | 'wait.event' | 'wait.condition' | 'wait.digest'>;

export interface WakeUp {
  /** When the contact moves on (or times out); equal to now when it need not wait at all. */
  at: Instant;
  reason: string;
}

/** When a contact arriving at a wait node at `now` is due to move on (or time out), in its time zone. */
export function wakeUpFor(node: TimedWait, contact: ContactFacts, now: Instant): WakeUp {
  const zone = contact.timeZone;
  switch (node.type) {
    case 'wait.delay':
      return { at: now + parseDuration(node.config.duration), reason: `wait ${node.config.duration}` };
    case 'wait.event':
      return { at: now + parseDuration(node.config.timeout), reason: `for event ${node.config.event}, at most ${node.config.timeout}` };
    case 'wait.condition':
      return { at: now + parseDuration(node.config.timeout), reason: `for the condition, at most ${node.config.timeout}` };
    case 'wait.digest': {
      const { event, window, until } = node.config;
      if (window !== undefined) return { at: now + parseDuration(window), reason: `collecting ${event} for ${window}` };
      return { at: nextTimeOfDay(now, zone, until!), reason: `collecting ${event} until ${until}` };
    }
    case 'wait.window':
      if (isWithinSpan(now, zone, node.config)) return { at: now, reason: 'inside the time window' };
      return { at: nextSpanStart(now, zone, node.config), reason: `until the window ${node.config.start}-${node.config.end} (${node.config.days.join(',')})` };
    case 'wait.until': {
      const { date, attribute, offsetDays = 0, time } = node.config;
      if (!date && !attribute) return { at: nextTimeOfDay(now, zone, time), reason: `until ${time}` };
      const source = date ?? contact.attributes[attribute!];
      const due = typeof source === 'string' ? dateAt(source, zone, time, offsetDays) : null;
      if (due === null) return { at: now, reason: `attribute ${attribute} holds no date` };
      return { at: Math.max(now, due), reason: `until ${date ?? attribute}${offsetDays ? ` ${offsetDays > 0 ? '+' : ''}${offsetDays}d` : ''} ${time}` };
    }
  }
}
