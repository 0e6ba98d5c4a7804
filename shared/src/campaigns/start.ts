import type { ContactJourneys, EnrolmentRef, Journey } from '../enrolment/journeys.ts';
import type { CampaignSkipReason } from './api.ts';

export type CampaignStartOutcome = { status: 'enrolled' } | { status: 'skipped'; reason: CampaignSkipReason };

/**
 * What the decision reads of one member when its instant comes, each read only if the decision gets that far
 * (the server reads them from the database): the server's campaign run and the simulator both fill it in.
 */
export interface CampaignMember<E extends EnrolmentRef, J extends Journey> {
  /** The campaign was cancelled before the member's instant. */
  cancelled: boolean;
  /** Whether the contact is in the campaign's segment now. */
  inSegment(): boolean;
  /** The live version of the journey the campaign starts, if it is live. */
  liveJourney(): J | undefined;
  /** The contact's enrolment policy; undefined when the contact is gone (erased). */
  contact(): { journeys: ContactJourneys<E, J> } | undefined;
}

const skip = (reason: CampaignSkipReason): CampaignStartOutcome => ({ status: 'skipped', reason });

/**
 * Starts the member on the campaign's journey, within its re-entry policy (`campaign:<runId>` names the run as the
 * enrolment's trigger), or says why not: cancelled, no longer in the segment, journey not live, already in the
 * journey (and its re-trigger choice keeps that run) or not allowed to enter again yet.
 */
export function startCampaignMember<E extends EnrolmentRef, J extends Journey>(member: CampaignMember<E, J>, runId: number): CampaignStartOutcome {
  if (member.cancelled) return skip('cancelled');
  if (!member.inSegment()) return skip('left_segment');
  const journey = member.liveJourney();
  if (!journey) return skip('journey_not_live');
  const contact = member.contact();
  if (!contact) return skip('left_segment');
  const refused = contact.journeys.entryRefusal(journey);
  if (refused) return skip(refused);
  // The entry rule just judged is the one enterBy applies: the contact enters.
  contact.journeys.enterBy(journey, `campaign:${runId}`);
  return { status: 'enrolled' };
}
