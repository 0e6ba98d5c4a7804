import { journeyOf, type CampaignDefinition } from '@parcours/shared';
import type { LiveEntry } from './versions.ts';
import type { Session } from './session.ts';

/** What a run knows of the journey it starts (see ActiveRun and DueDelivery). */
export interface RunJourneyRef {
  campaignId: string;
  definition: CampaignDefinition;
  journeyVersion: number | null;
}

/**
 * The journey a campaign run starts its members on: a message campaign's own journey at the version live when the run
 * started (an edit of the message since is for the next runs), else the named journey as it is live now. Undefined
 * when that journey is no longer live.
 */
export function runJourney(session: Session, { campaignId, definition, journeyVersion }: RunJourneyRef): LiveEntry | undefined {
  const journey = journeyOf(campaignId, definition);
  return journeyVersion === null ? session.versions.liveScenario(journey) : session.versions.entryAt(journey, journeyVersion);
}
