/**
 * Why a member of a run's audience was not started: the report counts each. A module of its own, importing nothing,
 * so the test-case schema can name them without importing the campaigns' definition (which imports the scenario's).
 */
export const CAMPAIGN_SKIP_REASONS = ['in_journey', 'reentry', 'left_segment', 'journey_not_live', 'local_time_passed', 'cancelled', 'over_ceiling'] as const;
export type CampaignSkipReason = (typeof CAMPAIGN_SKIP_REASONS)[number];
