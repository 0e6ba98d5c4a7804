import { and, asc, eq } from 'drizzle-orm';
import { entryNodeOf, matchesEvent, type Json, type Scenario } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { enrolments, events } from '../db/schema.ts';

/**
 * The event that enrolled the contact, for `{{ event.* }}` in templates; undefined when the
 * enrolment was not started by an event. The runtime stores the event and enters the contact in the
 * same transaction, so the event's receipt time is the enrolment's entry time; among events received
 * then, the first one the entry trigger matches is the one that enrolled the contact.
 */
export function triggeringEvent(
  db: Db,
  enrolmentId: number | null,
  scenario: Scenario,
): { name: string; properties: Record<string, Json> } | undefined {
  if (enrolmentId === null) return undefined;
  const enrolment = db.select().from(enrolments).where(eq(enrolments.id, enrolmentId)).get();
  const entry = entryNodeOf(scenario);
  if (!enrolment || enrolment.trigger !== 'event' || entry.type !== 'entry.event') return undefined;
  const candidates = db
    .select({ name: events.name, properties: events.properties })
    .from(events)
    .where(and(eq(events.contactId, enrolment.contactId), eq(events.name, entry.config.event), eq(events.receivedAt, enrolment.enteredAt)))
    .orderBy(asc(events.id))
    .all();
  return candidates.find((event) => matchesEvent(entry.config, event));
}
