import { contactDueAt, journeyOf, nextRun, parseDuration, spreadOffset, startCampaignMember, type CampaignStartOutcome } from '@parcours/shared';
import {
  addDeliveries,
  cancelledPending,
  dueCampaigns,
  dueDeliveries,
  finishRunIfDone,
  isSegmentMember,
  membersAfter,
  runsToFinish,
  runsToSnapshot,
  setNextRun,
  settleDelivery,
  startRun,
  type ActiveRun,
  type CampaignRow,
  type DueDelivery,
  type NewDelivery,
} from '../store/campaigns.ts';
import { findSegment, segmentComputing } from '../store/segments.ts';
import type { Session } from './session.ts';

/** Campaign work items per slice of a transaction (see withinBudget): members copied or started. */
export const CAMPAIGN_SLICE = 50;
/** Items per transaction at most; fewer when the time budget runs out first. */
export const CAMPAIGN_CHUNK = 2000;

/**
 * Up to `limit` items of campaign work, in one transaction: start the runs that are due (and set each campaign's
 * next run), copy the audiences of runs under way into their deliveries, start the members whose instant has come,
 * then mark finished the runs with nobody pending. Every step's progress is stored in the same transaction, so a
 * restart carries on where the last commit left off. Returns how many items it did (0: nothing to do now).
 */
export function runCampaigns(session: Session, limit: number): number {
  let done = 0;
  for (const campaign of dueCampaigns(session.db, session.now, limit)) if (startCampaignRun(session, campaign)) done++;
  for (const run of runsToSnapshot(session.db)) {
    if (done >= limit) return done;
    done += copyAudience(session, run, limit - done);
  }
  if (done < limit) done += closeCancelled(session, limit - done);
  if (done < limit) {
    const due = dueDeliveries(session.db, session.now, limit - done);
    for (const delivery of due) startMember(session, delivery);
    done += due.length;
  }
  if (done < limit) for (const run of runsToFinish(session.db)) if (finishRunIfDone(session.db, run.id, session.now)) done++;
  return done;
}

/**
 * Closes up to `limit` members of cancelled campaigns not started yet (skipped: `cancelled`) without waiting for
 * their instant, and marks finished the runs left with nobody pending. Returns how many members it closed.
 */
export function closeCancelled(session: Session, limit: number): number {
  const rows = cancelledPending(session.db, limit);
  for (const row of rows) settleDelivery(session.db, row.runId, row.contactId, { status: 'skipped', reason: 'cancelled' });
  for (const runId of new Set(rows.map((row) => row.runId))) finishRunIfDone(session.db, runId, session.now);
  return rows.length;
}

/**
 * A run starts now with the campaign's definition as it is (an edit later changes the next runs, not this one) and its
 * segment's size as its audience; it waits while the segment's membership is being computed. A message campaign's run
 * keeps the version of the campaign's journey live now: an edit of the message publishes a new one for the next runs.
 */
function startCampaignRun(session: Session, campaign: CampaignRow): boolean {
  const { db, now } = session;
  const { definition } = campaign;
  if (segmentComputing(db, definition.segment)) return false;
  // A segment deleted since leaves the run nobody to reach.
  const audience = findSegment(db, definition.segment)?.size ?? 0;
  const journeyVersion = definition.action.kind === 'message' ? (session.versions.liveScenario(campaign.id)?.version ?? null) : null;
  startRun(db, campaign, now, audience, journeyVersion);
  setNextRun(db, campaign.id, nextRun(definition, now, campaign.nextRunDay!));
  return true;
}

/**
 * Copies the next members of the run's segment (in contact id order) with the instant each is due: the run's start,
 * or their own local time, then paced by their rank over the spreading window. A member whose local time had
 * already passed when the run started is skipped (`local_time_passed`) rather than reached at another hour.
 */
function copyAudience(session: Session, run: ActiveRun, limit: number): number {
  const { definition } = run;
  const rows = membersAfter(session.db, definition.segment, run.snapshotAfter ?? '', limit);
  const spreadMs = definition.spread ? parseDuration(definition.spread) : 0;
  const deliveries = rows.map((row, i): NewDelivery => {
    const due = contactDueAt(definition, run.day, run.startedAt, row.timeZone);
    if (definition.localTime && due < run.startedAt) return { contactId: row.id, dueAt: due, status: 'skipped', reason: 'local_time_passed' };
    return { contactId: row.id, dueAt: due + spreadOffset(run.queued + i, run.audience, spreadMs), status: 'pending', reason: null };
  });
  addDeliveries(session.db, run, deliveries, rows.length < limit ? null : rows.at(-1)!.id);
  // A segment with no member left to copy still counts as work done: the run's state changed.
  return Math.max(rows.length, 1);
}

/** Starts the member on the campaign's journey, within its re-entry policy, or records why not. */
function startMember(session: Session, delivery: DueDelivery): void {
  settleDelivery(session.db, delivery.runId, delivery.contactId, outcomeFor(session, delivery));
}

/** The shared decision (the simulator's too), reading the member's segment, journey and enrolments from the database. */
function outcomeFor(session: Session, { runId, campaignId, contactId, campaignStatus, definition, journeyVersion }: DueDelivery): CampaignStartOutcome {
  const journey = journeyOf(campaignId, definition);
  return startCampaignMember(
    {
      cancelled: campaignStatus === 'cancelled',
      inSegment: () => isSegmentMember(session.db, definition.segment, contactId),
      liveJourney: () => (journeyVersion === null ? session.versions.liveScenario(journey) : session.versions.entryAt(journey, journeyVersion)),
      contact: () => {
        const state = session.contact(contactId);
        return state && { journeys: state.journeys, active: () => state.runner.active() };
      },
    },
    runId,
  );
}
