import { z } from 'zod';
import { AttributeNameSchema } from '../schema/primitives.ts';
import { decideSend, type SendDecision, type SendRequest } from '../engine/pressure.ts';
import { channelOf } from '../schema/catalogue.ts';
import { PRESSURE_CHANNELS, type PressureChannel } from '../schema/primitives.ts';
import type { Scenario } from '../schema/scenario.ts';

export const VOLUME_DIRECTIONS = ['desc', 'asc'] as const;
export type VolumeDirection = (typeof VOLUME_DIRECTIONS)[number];

/** The most a floor or a ceiling may say: more than any contact base this server holds. */
const MOST = 100_000_000;

/**
 * A campaign's volume floor and ceiling (issue 14 §3), with the order that decides whom they keep or add: above `max`
 * members, the `max` best-ordered are kept; below `min`, the next best-ordered contacts outside the segment who meet
 * the journey's hard rules are added. Contacts without the attribute (or with a value that is not a number) rank
 * last; ties go by contact id, so a run is reproducible.
 */
export const CampaignVolume = z
  .object({
    min: z.number().int().min(1).max(MOST).optional(),
    max: z.number().int().min(1).max(MOST).optional(),
    orderBy: z
      .object({
        attribute: AttributeNameSchema,
        /** `desc`: the highest value is the best (a score). */
        direction: z.enum(VOLUME_DIRECTIONS).default('desc'),
      })
      .strict(),
  })
  .strict()
  .superRefine((volume, ctx) => {
    if (volume.min === undefined && volume.max === undefined) ctx.addIssue({ code: 'custom', path: ['min'], message: 'set a minimum, a maximum or both' });
    if (volume.min !== undefined && volume.max !== undefined && volume.min > volume.max) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: `must be at most the maximum (${volume.max})` });
    }
  });
export type CampaignVolume = z.infer<typeof CampaignVolume>;
export type VolumeOrder = CampaignVolume['orderBy'];

/** How many members a run means to start: its segment's size brought within the floor and the ceiling. */
export const volumeTarget = (audience: number, volume: CampaignVolume | undefined): number =>
  Math.min(Math.max(audience, volume?.min ?? 0), volume?.max ?? Number.POSITIVE_INFINITY);

/** Whether a run must pick its best-ordered members: its segment has more than the ceiling. */
export const overCeiling = (audience: number, volume: CampaignVolume | undefined): boolean => volume?.max !== undefined && audience > volume.max;

const isPressureChannel = (channel: string | undefined): channel is PressureChannel => (PRESSURE_CHANNELS as readonly string[]).includes(channel ?? '');

/**
 * Why the journey's sends would not reach a contact now (undefined: they would), by the engine's own send decision for
 * each of its message, task and on-site nodes: consent (awaiting confirmation or missing where the journey requires
 * it), the suppression list, the node's topic, frequency caps and the contact's frequency choice. A cap counts as
 * reached whatever the node's `onCap`; quiet hours only delay a send, so they do not count. What a contact outside the
 * segment must pass to be added by widening.
 */
export function heldBackFromJourney(scenario: Scenario, facts: Pick<SendRequest, 'contact' | 'sent' | 'policy' | 'now'>): Extract<SendDecision, { kind: 'skip' }> | undefined {
  // Without quiet hours, which the decision checks before the caps: a deferral for them would hide a cap reached.
  const settings = { ...scenario.settings, quietHours: undefined };
  const policy = facts.policy && { ...facts.policy, quietHours: undefined };
  for (const node of scenario.nodes) {
    const channel = channelOf(node.type);
    if (!isPressureChannel(channel)) continue;
    const { topic, transactional } = node.config as { topic?: string; transactional?: boolean };
    const decision = decideSend({ channel, onCap: 'skip', scenarioId: scenario.id, settings, ...facts, policy, topic, transactional });
    if (decision.kind === 'skip') return decision;
  }
  return undefined;
}
