import { messageJourney, type CampaignDefinition } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { archive, createScenario, getScenario, owningCampaign, parseScenarioBody, publish, saveDraft } from './scenarios.ts';

/**
 * Writes the journey a message campaign owns (its id is the campaign's) from the campaign's definition and publishes
 * it, in the caller's transaction: created with the campaign, a new version when an edit changes the message (the
 * same journey again publishes nothing new). Returns the version published, if any.
 */
export function publishCampaignJourney(db: Db, campaignId: string, definition: CampaignDefinition, now: number, author: string | null): number | undefined {
  const { action } = definition;
  if (action.kind !== 'message') return undefined;
  const draft = parseScenarioBody(db, messageJourney(campaignId, definition.name, action));
  if (owningCampaign(db, campaignId) === campaignId) saveDraft(db, campaignId, draft, now);
  else createScenario(db, draft, now, campaignId); // a scenario of that id not the campaign's: a 409 from there
  const published = publish(db, campaignId, now, { author });
  return published.created ? published.version : undefined;
}

/** A campaign no longer sends its own message (cancelled, or now starting another journey): its journey takes nobody new. */
export function retireCampaignJourney(db: Db, campaignId: string, now: number): boolean {
  if (owningCampaign(db, campaignId) !== campaignId || getScenario(db, campaignId).status !== 'live') return false;
  archive(db, campaignId, now);
  return true;
}
