import { dependsOnTime, nextDateEntry, type NodeOf } from '@parcours/shared';
import { contactsToBackfill, setDateEntry } from '../store/date-entries.ts';
import { advanceEntryBackfill, contactIdsAfter, pendingEntryBackfills, type EntryBackfill } from '../store/entry-backfills.ts';
import { anyoneEntered, pastEnrolment } from '../store/enrolments.ts';
import { memberIdsAfter, segmentComputing } from '../store/segments.ts';
import type { Session } from './session.ts';
import type { LiveEntry } from './versions.ts';

/** Contacts per transaction at most; fewer when the job's time budget runs out first (see withinBudget). */
export const BACKFILL_CHUNK = 500;
/** Contacts per slice of a transaction: the most a backfill overruns its budget by. */
export const BACKFILL_SLICE = 50;

/**
 * One chunk of the pending entry backfills. When a version goes live over existing contacts, each
 * gets, from the publish instant on and in contact id order, `limit` contacts per call: its next
 * date occurrence (a date entry), its next segment re-check (a segment entry that time alone can
 * make true, such as "no order within 60 days"), or its enrolment (a saved segment entry that enrols
 * the segment's members). A segment whose membership is still being computed (just saved or changed)
 * holds its enrolment back until the computation ends, so that every member is enrolled, not only those
 * found so far. Returns how many contacts it visited (0: nothing left, or only jobs waiting for a computation).
 */
export function backfillEntries(session: Session, limit = BACKFILL_CHUNK): number {
  const { db, versions } = session;
  for (const job of pendingEntryBackfills(db)) {
    const current = (live: LiveEntry) => live.scenarioId === job.scenarioId && live.version === job.version;
    const dated = versions.dateEntries().find(current);
    const segment = versions.segmentEntries().find(current);
    const live = versions.liveScenario(job.scenarioId);
    const members = live && current(live) && live.entry.type === 'entry.membership' ? live : undefined;
    if (members && segmentComputing(db, (members.entry as NodeOf<'entry.membership'>).config.segment)) continue;
    // Archived or replaced by a later version since (which has its own backfill), or nothing time can change.
    let visited: { count: number; last?: string } = { count: 0 };
    if (dated) visited = backfillDates(session, job, dated, limit);
    else if (segment && dependsOnTime(segment.entry.config.condition)) visited = backfillRechecks(session, job, limit);
    else if (members) visited = enrolMembers(session, job, members, limit);
    advanceEntryBackfill(db, job.scenarioId, visited.count === limit ? visited.last : undefined);
    if (visited.count > 0) return visited.count;
  }
  return 0;
}

/** Date entries: contacts whose entry was set since the publish (their date changed, an occurrence fired) keep it. */
function backfillDates(session: Session, job: EntryBackfill, live: LiveEntry & { entry: NodeOf<'entry.date'> }, limit: number) {
  const { db } = session;
  const { reentry, defaultTimeZone } = live.compiled.scenario.settings;
  const rows = contactsToBackfill(db, job.scenarioId, job.afterContact, limit);
  // A scenario nobody entered yet (the usual first publish) has no past enrolment to read per contact.
  const entered = anyoneEntered(db, job.scenarioId);
  for (const row of rows) {
    if (row.setAt !== null && row.setAt > job.from) continue;
    const value = row.attributes[live.entry.config.attribute];
    if (typeof value !== 'string') {
      if (row.setAt !== null) setDateEntry(db, row.id, job.scenarioId, undefined, session.now);
      continue;
    }
    const facts = { id: row.id, attributes: row.attributes, consents: {}, lists: [], events: [], timeZone: row.timeZone ?? defaultTimeZone };
    const last = entered ? pastEnrolment(db, row.id, job.scenarioId) : undefined;
    setDateEntry(db, row.id, job.scenarioId, nextDateEntry(live.entry, facts, reentry, last, job.from), session.now);
  }
  return { count: rows.length, last: rows.at(-1)?.id };
}

/** A saved segment entry that enrols those already in the segment: each member enters, within the re-entry policy. */
function enrolMembers(session: Session, job: EntryBackfill, live: LiveEntry, limit: number) {
  const { segment } = (live.entry as NodeOf<'entry.membership'>).config;
  const ids = memberIdsAfter(session.db, segment, job.afterContact, limit);
  for (const id of ids) session.contact(id)?.journeys.enterBy(live, 'segment');
  return { count: ids.length, last: ids.at(-1) };
}

/** Segment re-checks, through the shared policy (which reads the contact's events as its condition needs them). */
function backfillRechecks(session: Session, job: EntryBackfill, limit: number) {
  const ids = contactIdsAfter(session.db, job.afterContact, limit);
  for (const id of ids) session.contact(id)?.journeys.segmentWentLive(job.scenarioId, job.from);
  return { count: ids.length, last: ids.at(-1) };
}
