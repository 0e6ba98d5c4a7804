import { nextRun, startCampaignMember, type CampaignStartOutcome } from '@parcours/shared';
import {
  cancelledPending,
  dueCampaigns,
  dueDeliveries,
  finishRunIfDone,
  isSegmentMember,
  runsToFinish,
  runsToSnapshot,
  setNextRun,
  settleDeliveries,
  startRun,
  type CampaignRow,
  type DueDelivery,
} from '../store/campaigns.ts';
import { copyAudience, firstStage } from './campaign-audience.ts';
import { runJourney } from './campaign-journey.ts';
import { ensureOrderIndex } from '../store/campaign-order.ts';
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
    settleDeliveries(session.db, due.map((delivery) => ({ runId: delivery.runId, contactId: delivery.contactId, outcome: outcomeFor(session, delivery) })));
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
  settleDeliveries(session.db, rows.map(({ runId, contactId }) => ({ runId, contactId, outcome: { status: 'skipped', reason: 'cancelled' } })));
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
  const day = campaign.nextRunDay!;
  // The order's index, made when the campaign was saved; again if it is gone (a rebuilt contacts table), since a walk
  // without it would sort every contact in every slice. When it exists, this is a no-op.
  if (definition.volume) ensureOrderIndex(db, definition.volume.orderBy);
  // A segment deleted since leaves the run nobody to reach.
  const audience = findSegment(db, definition.segment)?.size ?? 0;
  const journeyVersion = definition.action.kind === 'message' ? (session.versions.liveScenario(campaign.id)?.version ?? null) : null;
  startRun(db, campaign, now, audience, journeyVersion, firstStage(audience, definition.volume));
  setNextRun(db, campaign.id, nextRun(definition, now, day));
  return true;
}

/**
 * Starts the member on the campaign's journey, within its re-entry policy, or says why not: the shared decision (the
 * simulator's too), reading the member's segment, journey and enrolments from the database.
 */
function outcomeFor(session: Session, { runId, contactId, source, campaignStatus, ...run }: DueDelivery): CampaignStartOutcome {
  return startCampaignMember(
    {
      cancelled: campaignStatus === 'cancelled',
      // A contact widening added was never in the segment: only a member can have left it.
      inSegment: () => source !== 'segment' || isSegmentMember(session.db, run.definition.segment, contactId),
      liveJourney: () => runJourney(session, run),
      contact: () => {
        const state = session.contact(contactId);
        return state && { journeys: state.journeys };
      },
    },
    runId,
  );
}
