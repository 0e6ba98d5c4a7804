import { Channel } from '../../schema/primitives.ts';
import { definitionOf } from '../../schema/catalogue.ts';
import { nodeError, type ModelNode, type ScenarioModel } from '../model.ts';
import type { ValidationContext, ValidationError } from '../types.ts';

interface TemplateUse {
  node: ModelNode;
  template: string;
  channel: Channel;
}

/** The templates the nodes send (the field their definition names), with the channel each node sends on. */
function templateUses(model: ScenarioModel): TemplateUse[] {
  return model.nodes.flatMap((node): TemplateUse[] => {
    if (!node.parsed) return [];
    const { templateField, channel } = definitionOf(node.parsed.type);
    const template = templateField && (node.parsed.config as Record<string, unknown>)[templateField];
    return typeof template === 'string' && channel ? [{ node, template, channel }] : [];
  });
}

/** Each template's channel by id (the first template wins when ids repeat; duplicate_id reports the rest). */
function channelsById(model: ScenarioModel): Map<string, unknown> {
  const channels = new Map<string, unknown>();
  for (const template of model.templates) if (!channels.has(template.id)) channels.set(template.id, template.channel);
  return channels;
}

/** `unknown_template`: a message node sends one of the scenario's own templates. */
export function unknownTemplates(model: ScenarioModel): ValidationError[] {
  const channels = channelsById(model);
  return templateUses(model)
    .filter((use) => !channels.has(use.template))
    .map((use) => nodeError(use.node, 'unknown_template', `no template "${use.template}" in the scenario's templates`, ['config', 'template'], { template: use.template }));
}

/** `template_channel_mismatch`: an email node sends an email template, an SMS node an SMS template, and so on. */
export function templateChannelMismatches(model: ScenarioModel): ValidationError[] {
  const channels = channelsById(model);
  return templateUses(model).flatMap((use) => {
    const channel = channels.get(use.template);
    // An unknown template, or one whose channel is itself invalid, is reported elsewhere.
    if (!Channel.safeParse(channel).success || channel === use.channel) return [];
    return [nodeError(use.node, 'template_channel_mismatch', `template "${use.template}" is for ${channel}, not ${use.channel}`, ['config', 'template'], {
        template: use.template,
        channel: String(channel),
        expected: use.channel,
      })];
  });
}

/** `unknown_scenario`: a "start scenario" node starts a scenario that exists (checked only when the caller knows which do). */
export function unknownScenarios(model: ScenarioModel, ctx: ValidationContext): ValidationError[] {
  if (!ctx.knownScenarios) return [];
  const known = new Set(ctx.knownScenarios);
  if (model.scenarioId !== undefined) known.add(model.scenarioId);
  return model.nodes.flatMap((node) =>
    node.parsed?.type === 'action.scenario' && !known.has(node.parsed.config.scenario)
      ? [nodeError(node, 'unknown_scenario', `no scenario "${node.parsed.config.scenario}"`, ['config', 'scenario'], { scenario: node.parsed.config.scenario })]
      : [],
  );
}
