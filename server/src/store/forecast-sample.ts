import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { isDoubleOptInChannel, type ContactFacts, type ContactPreferences, type DoubleOptInChannel, type ForecastContact } from '@parcours/shared';
import { dialectOf } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { consentRequests, contactPreferences, contacts, events } from '../db/schema.ts';

const WEEK = 7 * 86_400_000;
const rowid = sql<number>`${contacts}.rowid`;
/** Random probes per contact wanted before a sample stops probing the rowid range (mostly gaps) and draws from the full list. */
const PROBES_PER_CONTACT = 20;
/** How many more rows than wanted a row-level sample on PostgreSQL asks for, so that it rarely comes back short. */
const MARGIN = 1.5;

/**
 * The ids of `size` contacts drawn uniformly at random, without sorting the table. On SQLite: random rowids in the
 * table's range, each kept when a contact has it; a probe into a gap (an erased contact) is drawn again rather than
 * moved to the next contact, which would favour the contacts after gaps. PostgreSQL has no rowid: a row-level
 * (Bernoulli) sample of a bit more than wanted, cut to size at random.
 */
export function sampleContactIds(db: Db, size: number, random: () => number = Math.random): string[] {
  if (dialectOf(db.$client) === 'postgres') return sampleOnPostgres(db, size, random);
  const range = db.select({ lo: sql<number | null>`min(${rowid})`, hi: sql<number | null>`max(${rowid})` }).from(contacts).get();
  const { lo, hi } = range ?? { lo: null, hi: null };
  if (lo === null || hi === null) return [];
  const exists = db.select({ rowid }).from(contacts).where(sql`${rowid} = ${sql.placeholder('probe')}`).prepare();
  const picked = new Set<number>();
  if (hi - lo + 1 > size) {
    for (let probes = size * PROBES_PER_CONTACT; probes > 0 && picked.size < size; probes--) {
      const probe = lo + Math.floor(random() * (hi - lo + 1));
      if (!picked.has(probe) && exists.get({ probe }) !== undefined) picked.add(probe);
    }
    if (picked.size === size) return idsOfRowids(db, [...picked]);
  }
  // Few contacts, or a range mostly made of gaps: a partial shuffle of them all.
  return idsOfRowids(db, pickAtRandom(db.select({ rowid }).from(contacts).all().map((row) => row.rowid), size, random));
}

const idsOfRowids = (db: Db, rowids: number[]): string[] =>
  rowids.length ? db.select({ id: contacts.id }).from(contacts).where(inArray(rowid, rowids)).all().map((row) => row.id) : [];

function sampleOnPostgres(db: Db, size: number, random: () => number): string[] {
  const total = db.$client.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
  if (total === 0) return [];
  const percent = Math.min(100, (100 * size * MARGIN) / total);
  let ids = db.$client.prepare('SELECT id FROM contacts TABLESAMPLE BERNOULLI (?)').pluck().all(percent) as string[];
  // Short (rare with the margin, or the table is small): the whole table, shuffled by the database.
  if (ids.length < Math.min(size, total)) ids = db.$client.prepare('SELECT id FROM contacts ORDER BY random() LIMIT ?').pluck().all(size) as string[];
  return pickAtRandom(ids, size, random);
}

/** `size` of `items` at random (a partial shuffle, in place). */
function pickAtRandom<T>(items: T[], size: number, random: () => number): T[] {
  for (let i = 0; i < Math.min(size, items.length); i++) {
    const j = i + Math.floor(random() * (items.length - i));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, size);
}

/**
 * A random sample of real contacts, each with the events of their last `weeks` weeks moved forward
 * by that much: "if they behave as they did lately, starting now". With `replay` false the events stay
 * where they happened: the contacts as they are now.
 */
export function sampleContacts(db: Db, sample: number, weeks: number, now: number, replay = true): ForecastContact[] {
  const sampled = sampleContactIds(db, sample);
  const rows = sampled.length ? db.select().from(contacts).where(inArray(contacts.id, sampled)).all() : [];
  const shift = replay ? weeks * WEEK : 0;
  const recent = rows.length
    ? db
        .select({ contactId: events.contactId, name: events.name, properties: events.properties, at: events.at })
        .from(events)
        .where(and(inArray(events.contactId, rows.map((r) => r.id)), gte(events.at, now - weeks * WEEK)))
        .orderBy(asc(events.at), asc(events.id))
        .all()
    : [];
  // Grouped once: filtering the whole list per contact was quadratic (seconds for a sample of thousands).
  const byContact = new Map<string, typeof recent>();
  for (const e of recent) {
    const list = byContact.get(e.contactId);
    if (list) list.push(e);
    else byContact.set(e.contactId, [e]);
  }
  const ids = rows.map((r) => r.id);
  const preferences = preferencesOfMany(db, ids);
  const pending = pendingChannelsOfMany(db, ids);
  return rows.map((row) => ({
    contact: {
      id: row.id,
      attributes: row.attributes,
      consents: row.consents,
      lists: row.lists,
      ...(row.timeZone ? { timeZone: row.timeZone } : {}),
      // What the engine's send decision reads on the server too: topics opted out of, the frequency choice, consents awaiting confirmation.
      ...(preferences.has(row.id) ? { preferences: preferences.get(row.id) } : {}),
      ...(pending.has(row.id) ? { pendingConsents: pending.get(row.id) } : {}),
    },
    events: (byContact.get(row.id) ?? []).map((e) => ({ at: new Date(e.at + shift).toISOString(), event: e.name, properties: e.properties })),
  }));
}

/** The preferences of those of `ids` who stated any (the others have none: every topic, no limit). */
function preferencesOfMany(db: Db, ids: string[]): Map<string, ContactPreferences> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: contactPreferences.contactId, p: contactPreferences.preferences }).from(contactPreferences).where(inArray(contactPreferences.contactId, ids)).all();
  return new Map(rows.map((r) => [r.id, r.p]));
}

/** The channels on which each of `ids` has a consent awaiting confirmation (double opt-in). */
function pendingChannelsOfMany(db: Db, ids: string[]): Map<string, DoubleOptInChannel[]> {
  const pending = new Map<string, DoubleOptInChannel[]>();
  if (ids.length === 0) return pending;
  const rows = db
    .select({ id: consentRequests.contactId, channel: consentRequests.channel })
    .from(consentRequests)
    .where(and(inArray(consentRequests.contactId, ids), eq(consentRequests.status, 'pending')))
    .all();
  for (const { id, channel } of rows) if (isDoubleOptInChannel(channel)) pending.set(id, [...(pending.get(id) ?? []), channel]);
  return pending;
}

/** A random sample of contacts as they are now, as conditions read them: their events of the last `weeks` weeks. */
export function sampleFacts(db: Db, sample: number, weeks: number, now: number, defaultTimeZone: string): ContactFacts[] {
  return sampleContacts(db, sample, weeks, now, false).map(({ contact, events }) => ({
    id: contact.id,
    attributes: contact.attributes ?? {},
    consents: contact.consents ?? {},
    timeZone: contact.timeZone ?? defaultTimeZone,
    lists: contact.lists ?? [],
    events: events.flatMap((e) => ('event' in e && e.event ? [{ name: e.event, at: Date.parse(String(e.at)), properties: e.properties ?? {} }] : [])),
  }));
}
