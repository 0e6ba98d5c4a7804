import { nodeError, type ScenarioModel } from '../model.ts';
import type { ValidationContext, ValidationError } from '../types.ts';

/** `unknown_segment`: a saved segment entry enters on a segment that exists (checked only when the caller knows which do). */
export function unknownSegments(model: ScenarioModel, ctx: ValidationContext): ValidationError[] {
  if (!ctx.knownSegments) return [];
  const known = new Set(ctx.knownSegments);
  return model.nodes.flatMap((node) =>
    node.parsed?.type === 'entry.membership' && !known.has(node.parsed.config.segment)
      ? [nodeError(node, 'unknown_segment', `no saved segment "${node.parsed.config.segment}"`, ['config', 'segment'], { segment: node.parsed.config.segment })]
      : [],
  );
}
