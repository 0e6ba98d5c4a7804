import { randomUUID } from 'node:crypto';
import { asc, eq, isNotNull, min } from 'drizzle-orm';
import type { SavedSegment, SegmentDefinition } from '@parcours/shared';
import { claimed, dueWithContact } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { perDatabase } from '../db/per-database.ts';
import { boundLimit, RawStatement } from '../db/raw-statement.ts';
import { segmentMembershipRechecks, segments } from '../db/schema.ts';
import type { DueRecheck } from '../db/statements.ts';
import { NotFound } from '../domain/errors.ts';

export type SegmentRow = typeof segments.$inferSelect;

const DAY = 86_400_000;
/** The UTC day of an instant, as the size history keys it. */
export const dayOf = (at: number) => new Date(Math.floor(at / DAY) * DAY).toISOString().slice(0, 10);

/** The runtime's statements on segment membership: prepared once per database (the ingest path runs them). */
function prepare(db: Db) {
  const statement = <P extends object, R = never>(sql: string) => new RawStatement<P, R>(db.$client.prepare(sql));
  return {
    memberships: statement<{ contactId: string }, { segmentId: string }>('SELECT segment_id AS segmentId FROM segment_members WHERE contact_id = @contactId'),
    addMember: statement<{ segmentId: string; contactId: string; now: number }>(
      'INSERT INTO segment_members (segment_id, contact_id, entered_at) VALUES (@segmentId, @contactId, @now) ON CONFLICT DO NOTHING',
    ),
    removeMember: statement<{ segmentId: string; contactId: string }>('DELETE FROM segment_members WHERE segment_id = @segmentId AND contact_id = @contactId'),
    /** The day's size is the size after its last change. */
    recordSize: statement<{ segmentId: string; day: string }>(
      `INSERT INTO segment_sizes (segment_id, day, size) SELECT id, @day, size FROM segments WHERE id = @segmentId
       ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size`,
    ),
    /** An unchanged instant writes nothing: most events leave a contact's re-check where it was. */
    setRecheck: statement<{ contactId: string; segmentId: string; dueAt: number }>(
      `INSERT INTO segment_membership_rechecks (contact_id, segment_id, due_at) VALUES (@contactId, @segmentId, @dueAt)
       ON CONFLICT (contact_id, segment_id) DO UPDATE SET due_at = excluded.due_at WHERE segment_membership_rechecks.due_at <> excluded.due_at`,
    ),
    clearRecheck: statement<{ contactId: string; segmentId: string }>('DELETE FROM segment_membership_rechecks WHERE contact_id = @contactId AND segment_id = @segmentId'),
    dueRechecks: statement<{ now: number; limit: number }, DueRecheck & { segmentId: string }>(
      `SELECT segment_membership_rechecks.contact_id AS contactId, segment_id AS segmentId, due_at AS dueAt
       FROM ${dueWithContact(db.$client, 'segment_membership_rechecks')}
       WHERE due_at <= @now ORDER BY due_at, segment_membership_rechecks.contact_id ${boundLimit()} ${claimed(db.$client, 'segment_membership_rechecks, contacts')}`,
    ),
  };
}

const statements = perDatabase(prepare);

// The runtime's side ----------------------------------------------------------------------------

/** Every saved segment as the membership policy reads it, in id order. */
export const savedSegments = (db: Db): SavedSegment[] =>
  db
    .select({ id: segments.id, condition: segments.condition, computeAfter: segments.computeAfter })
    .from(segments)
    .orderBy(asc(segments.id))
    .all()
    .map(({ id, condition, computeAfter }) => ({ id, condition, computing: computeAfter !== null }));

export const membershipsOf = (db: Db, contactId: string): Set<string> => new Set(statements(db).memberships.all({ contactId }).map((row) => row.segmentId));

/** The contact enters (or leaves) the segment now; whether that changed its members (then record its size, see recordSizes). */
export function setMember(db: Db, segmentId: string, contactId: string, member: boolean, now: number): boolean {
  const q = statements(db);
  const changed = member ? q.addMember.run({ segmentId, contactId, now }) : q.removeMember.run({ segmentId, contactId });
  return changed.changes > 0;
}

/** The day's size of segments whose members changed: once per unit of work, at its end, rather than once per change. */
export function recordSizes(db: Db, segmentIds: Iterable<string>, now: number): void {
  const q = statements(db);
  for (const segmentId of segmentIds) q.recordSize.run({ segmentId, day: dayOf(now) });
}

/** Sets (or, with no instant, clears) when the contact's membership of the segment is to be checked again. */
export function setMembershipRecheck(db: Db, contactId: string, segmentId: string, dueAt: number | undefined): void {
  const q = statements(db);
  if (dueAt === undefined) q.clearRecheck.run({ contactId, segmentId });
  else q.setRecheck.run({ contactId, segmentId, dueAt });
}

/** Claims up to `limit` membership re-checks due by `now`, earliest first: deleted in the caller's transaction, which applies them. */
export function claimDueMembershipRechecks(db: Db, now: number, limit: number) {
  const q = statements(db);
  const rows = q.dueRechecks.all({ now, limit });
  for (const { contactId, segmentId } of rows) q.clearRecheck.run({ contactId, segmentId });
  return rows;
}

export function nextMembershipRecheckAt(db: Db): number | undefined {
  const [row] = db.select({ at: min(segmentMembershipRechecks.dueAt) }).from(segmentMembershipRechecks).all();
  return row?.at ?? undefined;
}

/** Up to `limit` members of the segment after `afterContact`, in id order. */
export function memberIdsAfter(db: Db, segmentId: string, afterContact: string | null, limit: number): string[] {
  const rows = db.$client
    .prepare(`SELECT contact_id AS id FROM segment_members WHERE segment_id = ? AND contact_id > ? ORDER BY contact_id ${boundLimit('?')}`)
    .all(segmentId, afterContact ?? '', limit) as Array<{ id: string }>;
  return rows.map((row) => row.id);
}

/** The next saved segment whose membership is still being computed after a save, if any. */
export const segmentBeingComputed = (db: Db): Pick<SegmentRow, 'id' | 'condition' | 'computeAfter'> | undefined =>
  db
    .select({ id: segments.id, condition: segments.condition, computeAfter: segments.computeAfter })
    .from(segments)
    .where(isNotNull(segments.computeAfter))
    .orderBy(asc(segments.updatedAt), asc(segments.id))
    .limit(1)
    .get();

/** Whether the segment's membership is still being computed after a save (a deleted segment is not). */
export const segmentComputing = (db: Db, segmentId: string): boolean =>
  (db.select({ computeAfter: segments.computeAfter }).from(segments).where(eq(segments.id, segmentId)).get()?.computeAfter ?? null) !== null;

/** The computation went past `afterContact`; with none, it is done and the day's size is recorded. */
export function advanceComputation(db: Db, segmentId: string, afterContact: string | undefined, now: number): void {
  db.update(segments).set({ computeAfter: afterContact ?? null }).where(eq(segments.id, segmentId)).run();
  if (afterContact === undefined) statements(db).recordSize.run({ segmentId, day: dayOf(now) });
}

// The API's side ---------------------------------------------------------------------------------

export const findSegment = (db: Db, id: string): SegmentRow | undefined => db.select().from(segments).where(eq(segments.id, id)).get();

function requireSegment(db: Db, id: string): SegmentRow {
  const row = findSegment(db, id);
  if (!row) throw new NotFound(`segment ${id}`);
  return row;
}

export const getSegment = requireSegment;

export const listSegments = (db: Db): SegmentRow[] => db.select().from(segments).orderBy(asc(segments.name), asc(segments.id)).all();

/** A new segment; its membership is computed in the background from here (computeAfter ''). */
export function createSegment(db: Db, definition: SegmentDefinition, now: number): SegmentRow {
  const id = `seg-${randomUUID().slice(0, 8)}`;
  const row = { id, name: definition.name, description: definition.description ?? null, condition: definition.condition, size: 0, computeAfter: '', createdAt: now, updatedAt: now };
  db.insert(segments).values(row).run();
  return row;
}

/** A new definition: a changed condition computes the membership again (those who no longer match leave it then). */
export function updateSegment(db: Db, id: string, definition: SegmentDefinition, now: number): SegmentRow {
  const before = requireSegment(db, id);
  const recompute = JSON.stringify(before.condition) !== JSON.stringify(definition.condition);
  const set = { name: definition.name, description: definition.description ?? null, condition: definition.condition, updatedAt: now, ...(recompute ? { computeAfter: '' } : {}) };
  db.update(segments).set(set).where(eq(segments.id, id)).run();
  return requireSegment(db, id);
}

export function deleteSegment(db: Db, id: string): void {
  if (db.delete(segments).where(eq(segments.id, id)).run().changes === 0) throw new NotFound(`segment ${id}`);
}

/** A page of members in contact id order after `after` (keyset paging: a million members page as fast as ten). */
export function segmentMembers(db: Db, id: string, after: string | undefined, limit: number) {
  requireSegment(db, id);
  return db.$client
    .prepare(
      `SELECT m.contact_id AS id, m.entered_at AS enteredAt, c.attributes AS attributes FROM segment_members m JOIN contacts c ON c.id = m.contact_id
       WHERE m.segment_id = ? AND m.contact_id > ? ORDER BY m.contact_id ${boundLimit('?')}`,
    )
    .all(id, after ?? '', limit) as Array<{ id: string; enteredAt: number; attributes: string }>;
}

/** The stored daily sizes between two days (inclusive), oldest first, and the last one before `from` (the size the range starts at). */
export function sizeHistory(db: Db, id: string, from: string, to: string): { before: number; days: Array<{ day: string; size: number }> } {
  requireSegment(db, id);
  const before = db.$client.prepare('SELECT size FROM segment_sizes WHERE segment_id = ? AND day < ? ORDER BY day DESC LIMIT 1').get(id, from) as { size: number } | undefined;
  const days = db.$client.prepare('SELECT day, size FROM segment_sizes WHERE segment_id = ? AND day >= ? AND day <= ? ORDER BY day').all(id, from, to) as Array<{ day: string; size: number }>;
  return { before: before?.size ?? 0, days };
}
