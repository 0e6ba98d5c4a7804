import { asc, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { ConsentChannel, ContactEvent, Json } from '@parcours/shared';
import { dialectOf } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { contactRowsJson, statements } from '../db/statements.ts';
import { consentChanges, contactAliases, contacts, enrolments, events, messages, onsiteItems, steps } from '../db/schema.ts';
import { NotFound } from '../domain/errors.ts';

export type ContactRow = typeof contacts.$inferSelect;

/** Where a consent was given or confirmed from, when the caller knows: kept in the consent history as proof. */
export interface ConsentProof {
  ip?: string;
  userAgent?: string;
}

/** What can change on a contact through the API (upsert, identify traits). */
export interface ContactPatch {
  attributes?: Record<string, Json>;
  consents?: Partial<Record<ConsentChannel, boolean>>;
  /** The proof recorded with the consents this patch gives or withdraws. */
  consentProof?: ConsentProof;
  timeZone?: string | null;
  lists?: string[];
}

/** How many past events a contact's facts carry for event-history conditions (the newest ones). */
export const EVENT_HISTORY_LIMIT = 1000;

const iso = (ms: number) => new Date(ms).toISOString();

export const anonymousContactId = (anonymousId: string) => `anon:${anonymousId}`;

export const findContact = (db: Db, id: string): ContactRow | undefined => statements(db).contactById.get({ id });
/** The contact's row, held by the caller's transaction until it ends (see contactToStep). */
export const contactToStep = (db: Db, id: string): ContactRow | undefined => statements(db).contactToStep.get({ id });
/** Whether the contact exists, from the primary key's index alone (its row is not read). */
export const contactExists = (db: Db, id: string): boolean => statements(db).contactExists.get({ id }) !== undefined;

export function newContact(id: string, now: number, anonymous = false): ContactRow {
  return { id, anonymous, attributes: {}, consents: {}, timeZone: null, lists: [], createdAt: now, updatedAt: now };
}

/**
 * Inserts a new contact; false when another process created it meanwhile (PostgreSQL: the insert waited for that
 * one's commit), the caller then steps the row it wrote.
 */
export function insertContact(db: Db, row: ContactRow): boolean {
  return statements(db).insertContact.run(row).changes === 1;
}

/** Several new contacts in one statement. */
export function insertContacts(db: Db, rows: ContactRow[]): void {
  if (rows.length > 0) statements(db).insertContacts.run({ rows: contactRowsJson(rows) });
}

/** Writes a contact's row; `attributesChanged: false` leaves its stored attributes alone (a cheaper statement). */
export function saveContact(db: Db, row: ContactRow, attributesChanged = true): void {
  if (attributesChanged) statements(db).updateContact.run(row);
  else {
    const { attributes: _, ...rest } = row;
    statements(db).updateContactBesidesAttributes.run(rest);
  }
}

export const contactOfAlias = (db: Db, anonymousId: string): string | undefined => statements(db).aliasOwner.get({ anonymousId })?.id;

export function addAlias(db: Db, anonymousId: string, contactId: string): void {
  db.insert(contactAliases)
    .values({ anonymousId, contactId })
    .onConflictDoUpdate({ target: contactAliases.anonymousId, set: { contactId } })
    .run();
}

/**
 * Applies a patch to a contact row in memory: attributes merge key by key (null stores null),
 * lists are replaced, consents merge. Returns the consent channels whose value changed.
 */
export function applyPatch(row: ContactRow, patch: ContactPatch, now: number): ConsentChannel[] {
  // Object.assign rather than two spreads, which cost microseconds on this Node (see persistStep).
  if (patch.attributes) row.attributes = Object.assign({}, row.attributes, patch.attributes);
  if (patch.lists) row.lists = [...new Set(patch.lists)];
  if (patch.timeZone !== undefined) row.timeZone = patch.timeZone;
  const changed: ConsentChannel[] = [];
  for (const [channel, granted] of Object.entries(patch.consents ?? {}) as Array<[ConsentChannel, boolean | undefined]>) {
    if (granted === undefined || row.consents[channel] === granted) continue;
    changed.push(channel);
  }
  if (patch.consents) row.consents = Object.assign({}, row.consents, patch.consents);
  row.updatedAt = now;
  return changed;
}

/** One line of the consent history: a consent given, withdrawn, or (`pending`) given and awaiting confirmation. */
export function recordConsentChange(
  db: Db,
  change: { contactId: string; channel: ConsentChannel; granted: boolean; pending?: boolean; source: string; at: number; proof?: ConsentProof },
): void {
  const { contactId, channel, granted, pending = false, source, at, proof } = change;
  statements(db).insertConsentChange.run({ contactId, channel, granted, pending, source, at, ip: proof?.ip ?? null, userAgent: proof?.userAgent ?? null });
}

export function insertEvent(db: Db, contactId: string, event: ContactEvent, now: number): void {
  statements(db).insertEvent.run({ contactId, name: event.name, properties: event.properties, at: event.at, receivedAt: now });
}

/** The contact's newest events, oldest first. */
export function eventHistory(db: Db, contactId: string): ContactEvent[] {
  return statements(db).eventHistory.all({ contactId, limit: EVENT_HISTORY_LIMIT }).reverse();
}

// Reads for the API ---------------------------------------------------------------------------

function view(db: Db, row: ContactRow) {
  const aliases = db.select({ a: contactAliases.anonymousId }).from(contactAliases).where(eq(contactAliases.contactId, row.id)).all();
  return {
    id: row.id,
    anonymous: row.anonymous,
    attributes: row.attributes,
    consents: row.consents,
    timeZone: row.timeZone,
    lists: row.lists,
    anonymousIds: aliases.map((r) => r.a),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function getContactView(db: Db, id: string) {
  const row = findContact(db, id);
  if (!row) throw new NotFound(`contact ${id}`);
  return view(db, row);
}

/**
 * The contacts matching a search in the full-text index: each word of it (letters and digits) as a word prefix, all
 * required. Undefined when it has no word to look for.
 */
function matching(db: Db, search: string): SQL | undefined {
  const words = search.match(/[\p{L}\p{N}]+/gu);
  if (!words) return undefined;
  return dialectOf(db.$client) === 'postgres'
    ? sql`${contacts.id} IN (SELECT contact_id FROM contacts_search WHERE words @@ parcours_search_query(${words.join(' ')}))`
    : sql`${contacts}.rowid IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ${words.map((word) => `"${word}"*`).join(' ')})`;
}

/**
 * Contacts whose id or attribute values hold words starting with each word of `search` (the
 * `contacts_search` full-text index); newest changes first. No search: every contact.
 */
export function searchContacts(db: Db, search: string | undefined, limit: number) {
  const query = search ? matching(db, search) : undefined;
  if (search && query === undefined) return [];
  const rows = db
    .select()
    .from(contacts)
    .where(query)
    .orderBy(desc(contacts.updatedAt), asc(contacts.id))
    .limit(limit)
    .all();
  return rows.map((row) => view(db, row));
}

/** Erasure (GDPR): the contact and everything about it (events, enrolments, timers, trace, outbox) go, by cascade. */
export function deleteContact(db: Db, id: string): void {
  const removed = db.delete(contacts).where(eq(contacts.id, id)).run();
  if (removed.changes === 0) throw new NotFound(`contact ${id}`);
}

/** A contact's trace rows, found through its enrolments (the trace is keyed by enrolment); order and limit to add. */
export const contactSteps = (db: Db, id: string) =>
  db.select(getTableColumns(steps)).from(steps).innerJoin(enrolments, eq(enrolments.id, steps.enrolmentId)).where(eq(enrolments.contactId, id)).$dynamic();

/** Events, trace steps and messages of a contact, oldest first; a message right after the step that sent it. */
export function timeline(db: Db, id: string, limit = 1000) {
  if (!findContact(db, id)) throw new NotFound(`contact ${id}`);
  const eventItems = db
    .select()
    .from(events)
    .where(eq(events.contactId, id))
    .orderBy(desc(events.at), desc(events.id))
    .limit(limit)
    .all()
    .reverse()
    .map((e) => ({ at: e.at, kind: 'event' as const, event: e.name, properties: e.properties }));
  const stepRows = contactSteps(db, id).orderBy(desc(steps.at), desc(steps.id)).limit(limit).all().reverse();
  const messageRows = db.select().from(messages).where(eq(messages.contactId, id)).orderBy(desc(messages.id)).limit(limit).all().reverse();

  const messageItem = (m: (typeof messageRows)[number]) => ({
    at: m.createdAt,
    kind: 'message' as const,
    scenarioId: m.scenarioId,
    version: m.version,
    node: m.node,
    channel: m.channel,
    template: m.template,
    status: m.status,
    ...(m.reason ? { reason: m.reason } : {}),
  });
  const bySend = new Map<string, Array<(typeof messageRows)[number]>>();
  for (const m of messageRows) bySend.set(`${m.enrolmentId}:${m.node}`, [...(bySend.get(`${m.enrolmentId}:${m.node}`) ?? []), m]);

  const stepItem = (s: (typeof stepRows)[number]) => ({
    at: s.at,
    kind: 'step' as const,
    scenarioId: s.scenarioId,
    version: s.version,
    node: s.node,
    type: s.type,
    outcome: s.outcome,
    ...(s.output ? { output: s.output } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.rule ? { rule: s.rule } : {}),
    ...(s.until !== null ? { until: iso(s.until) } : {}),
  });
  const stepItems: Array<ReturnType<typeof stepItem> | ReturnType<typeof messageItem>> = [];
  for (const s of stepRows) {
    stepItems.push(stepItem(s));
    const sent = s.outcome === 'sent' ? bySend.get(`${s.enrolmentId}:${s.node}`)?.shift() : undefined;
    if (sent) stepItems.push(messageItem(sent));
  }
  // Messages whose step is beyond the limit (or gone) still show, at their own time.
  const orphans = [...bySend.values()].flat().map(messageItem);
  // A stable sort keeps each list's own order at equal times; events come before the steps they caused.
  return [...eventItems, ...stepItems, ...orphans]
    .sort((a, b) => a.at - b.at)
    .slice(-limit)
    .map((item) => ({ ...item, at: iso(item.at) }));
}

/** An anonymous visitor seen for the first time as a known user: its row takes the user's id (foreign keys follow). */
export function renameContact(db: Db, fromId: string, intoId: string, now: number): void {
  db.update(contacts).set({ id: intoId, anonymous: false, updatedAt: now }).where(eq(contacts.id, fromId)).run();
}

/**
 * Moves everything a merged visitor did (events, enrolments, outbox, consents, aliases; the trace goes with
 * its enrolments) to the known contact, then deletes the visitor.
 */
export function moveContactData(db: Db, fromId: string, intoId: string): void {
  for (const table of [events, enrolments, messages, consentChanges, contactAliases, onsiteItems]) {
    db.update(table).set({ contactId: intoId }).where(eq(table.contactId, fromId)).run();
  }
  db.delete(contacts).where(eq(contacts.id, fromId)).run();
}
