import { membershipNow } from '@parcours/shared';
import { contactIdsAfter } from '../store/entry-backfills.ts';
import { advanceComputation, segmentBeingComputed } from '../store/segments.ts';
import { announceChange } from '../db/changes.ts';
import type { Session } from './session.ts';

/** Contacts per transaction at most; fewer when the job's time budget runs out first (see withinBudget). */
export const COMPUTE_CHUNK = 2000;
/** Contacts per slice of a transaction: the most the job overruns its budget by. */
export const COMPUTE_SLICE = 100;

/**
 * One slice of the membership of a segment just saved (or whose condition changed): up to `limit`
 * contacts, in id order after where the last slice stopped, each put in or out of the segment as its
 * condition holds now, and given its re-check when time alone may change that. The members it finds
 * were there before anyone watched: they enter silently (no `segment_entered`); a contact that changes
 * meanwhile is kept by the live policy, which does emit. Returns how many contacts it visited (0: nothing left).
 */
export function computeSegments(session: Session, limit: number): number {
  const { db, now } = session;
  for (;;) {
    const job = segmentBeingComputed(db);
    if (!job) return 0;
    const ids = contactIdsAfter(db, job.computeAfter || null, limit);
    for (const id of ids) {
      const { runner } = session.contact(id)!;
      const { holds, recheckAt } = membershipNow(job, runner.facts(), now);
      if (holds !== runner.memberships().has(job.id)) runner.setMembership(job.id, holds);
      if (recheckAt !== null) runner.membershipRecheckAt(job.id, recheckAt);
    }
    const done = ids.length < limit;
    advanceComputation(db, job.id, done ? undefined : ids.at(-1), now);
    // The live upkeep may rely on the segment's recorded memberships from now on (see eventMayChangeMembership).
    if (done) announceChange(session.db, 'segments');
    if (ids.length > 0) return ids.length;
  }
}
