import { and, asc, gte, inArray, sql } from 'drizzle-orm';
import type { ForecastContact } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { contacts, events } from '../db/schema.ts';

const WEEK = 7 * 86_400_000;

/**
 * A random sample of real contacts, each with the events of their last `weeks` weeks moved forward
 * by that much: "if they behave as they did lately, starting now".
 */
export function sampleContacts(db: Db, sample: number, weeks: number, now: number): ForecastContact[] {
  const rows = db.select().from(contacts).orderBy(sql`random()`).limit(sample).all();
  const shift = weeks * WEEK;
  const recent = rows.length
    ? db
        .select({ contactId: events.contactId, name: events.name, properties: events.properties, at: events.at })
        .from(events)
        .where(and(inArray(events.contactId, rows.map((r) => r.id)), gte(events.at, now - shift)))
        .orderBy(asc(events.at), asc(events.id))
        .all()
    : [];
  return rows.map((row) => ({
    contact: { id: row.id, attributes: row.attributes, consents: row.consents, lists: row.lists, ...(row.timeZone ? { timeZone: row.timeZone } : {}) },
    events: recent
      .filter((e) => e.contactId === row.id)
      .map((e) => ({ at: new Date(e.at + shift).toISOString(), event: e.name, properties: e.properties })),
  }));
}

