import { z } from 'zod';
import { MessageConfig } from '../nodes/action.ts';
import { Template } from '../schema/scenario.ts';
import type { ScenarioInput } from '../schema/scenario.ts';

const [EmailTemplate, SmsTemplate, PushTemplate] = Template.options;
const withoutId = { id: true } as const;

/** A message campaign's content: a template of its channel as a scenario holds it, without its id (the journey names it). */
export const CampaignMessageTemplate = z.discriminatedUnion('channel', [EmailTemplate.omit(withoutId), SmsTemplate.omit(withoutId), PushTemplate.omit(withoutId)]);
export type CampaignMessageTemplate = z.infer<typeof CampaignMessageTemplate>;

/**
 * A message campaign: one email, SMS or push to each member. Besides its content it takes the message node's own
 * config (topic, transactional, once, what a frequency cap does), since the campaign's journey is one such node.
 */
export const CampaignMessage = MessageConfig.omit({ template: true })
  .extend({ kind: z.literal('message'), template: CampaignMessageTemplate })
  .strict();
export type CampaignMessage = z.infer<typeof CampaignMessage>;

/** The id the message's template has in the campaign's journey. */
const TEMPLATE_ID = 'message';

/**
 * The journey a message campaign owns: API entry (a run starts it as it starts any journey), the message node with
 * the campaign's config, exit. Every pressure rule then applies through the engine, as for any message node.
 */
export function messageJourney(id: string, name: string, message: CampaignMessage): ScenarioInput {
  const { kind: _kind, template, ...config } = message;
  const nodes = [
    { id: 'start', type: 'entry.api', config: {} },
    { id: 'message', type: `action.${template.channel}`, config: { ...config, template: TEMPLATE_ID } },
    { id: 'done', type: 'flow.exit', config: {} },
  ];
  return {
    schemaVersion: 1,
    id,
    name,
    // Each run of a recurring campaign reaches its members again: the message node's `once` says otherwise.
    settings: { reentry: { policy: 'always' } },
    templates: [{ ...template, id: TEMPLATE_ID }],
    nodes: nodes.map((node, i) => ({ ...node, position: { x: 0, y: i * 150 } })) as ScenarioInput['nodes'],
    edges: nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i].id, target: node.id })),
  };
}
