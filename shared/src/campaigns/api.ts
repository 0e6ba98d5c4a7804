import { z } from 'zod';
import { CampaignAction, CampaignSchedule } from './definition.ts';
import { CampaignVolume } from './volume.ts';

const Timestamp = z.iso.datetime({ offset: true });

export { CAMPAIGN_SKIP_REASONS, type CampaignSkipReason } from './skip-reasons.ts';

/** `completed`: a campaign with no run to come and none under way. */
export const CAMPAIGN_STATUSES = ['active', 'paused', 'cancelled', 'completed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const CampaignSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    segment: z.string(),
    action: CampaignAction,
    schedule: CampaignSchedule,
    timeZone: z.string(),
    localTime: z.boolean(),
    spread: z.string().optional(),
    volume: CampaignVolume.optional(),
    status: z.enum(CAMPAIGN_STATUSES),
    nextRunAt: Timestamp.optional().meta({ description: 'When the next run starts (a local-time run: when the zone furthest ahead reaches the time)' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Campaign' });
export type CampaignAnswer = z.infer<typeof CampaignSchema>;

export const CampaignListSchema = z.object({ items: z.array(CampaignSchema) }).meta({ id: 'CampaignList' });

const Counts = z.record(z.string(), z.number().int());

export const CampaignRunSchema = z
  .object({
    id: z.number().int(),
    day: z.string().meta({ description: 'The calendar day the run is for, YYYY-MM-DD' }),
    startedAt: Timestamp,
    finishedAt: Timestamp.optional().meta({ description: 'When every member of the audience was started or skipped' }),
    audience: z.number().int().meta({ description: "The segment's size when the run started" }),
    queued: z.number().int().meta({ description: 'Members taken into the run so far (the whole audience once the snapshot is done)' }),
    enrolled: z.number().int().meta({ description: 'Members the journey started for' }),
    skipped: z.number().int().meta({ description: 'Members not started, by reason in `skippedBy`' }),
    pending: z.number().int().meta({ description: 'Members queued whose instant has not come yet' }),
    skippedBy: Counts.meta({ description: 'Skipped members per reason: in_journey, reentry, left_segment, journey_not_live, local_time_passed, cancelled, over_ceiling' }),
    widened: z.number().int().meta({ description: "Contacts outside the segment the run added to reach the campaign's volume floor" }),
    overCeiling: z.number().int().meta({ description: "Members the campaign's volume ceiling left out (the best-ordered were kept)" }),
    messages: Counts.meta({ description: "The run's enrolments' messages in the outbox, per status (pending, sent, sandboxed, skipped, failed)" }),
    heldBack: Counts.meta({ description: "Sends of the run's enrolments the pressure rules held back, per outcome and rule: skipped:consent, deferred:quiet_hours, skipped:frequency_cap..." }),
  })
  .meta({ id: 'CampaignRun' });
export type CampaignRunAnswer = z.infer<typeof CampaignRunSchema>;

export const CampaignRunListSchema = z.object({ items: z.array(CampaignRunSchema) }).meta({ id: 'CampaignRunList' });
