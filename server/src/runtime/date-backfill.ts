import { nextDateEntry } from '@parcours/shared';
import { advanceDateBackfill, contactsToBackfill, nextDateBackfill, setDateEntry } from '../store/date-entries.ts';
import { anyoneEntered, pastEnrolment } from '../store/enrolments.ts';
import type { Session } from './session.ts';

/** Contacts per transaction: a short one (about 10 ms on a quiet machine), so that ingestion never waits long for the writer. */
export const BACKFILL_CHUNK = 500;

/**
 * One chunk of the pending date-entry backfills: when a date scenario version goes live, each
 * existing contact gets its next occurrence from the publish instant on (the shared rule), in
 * contact id order, `limit` contacts per call. Contacts whose entry was set since the publish (their
 * date changed, an occurrence fired) keep it. Returns how many contacts it visited (0: nothing left).
 */
export function backfillDates(session: Session, limit = BACKFILL_CHUNK): number {
  const { db } = session;
  for (;;) {
    const job = nextDateBackfill(db);
    if (!job) return 0;
    const live = session.versions.dateEntries().find((d) => d.scenarioId === job.scenarioId);
    // Archived or replaced by a later version since (which has its own backfill): nothing to do.
    if (live?.version !== job.version) {
      advanceDateBackfill(db, job.scenarioId, undefined);
      continue;
    }
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
      const due = nextDateEntry(live.entry, facts, reentry, last, job.from);
      setDateEntry(db, row.id, job.scenarioId, due, session.now);
    }
    advanceDateBackfill(db, job.scenarioId, rows.length === limit ? rows.at(-1)!.id : undefined);
    if (rows.length > 0) return rows.length;
  }
}
