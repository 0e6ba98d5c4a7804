import { nodeError, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** Floating-point slack, so that 33.3 + 33.3 + 33.4 counts as 100. */
const TOLERANCE = 1e-9;

/** `split_not_100`: a random split sends every contact somewhere, so its percentages add up to 100. */
export function splitsNot100(model: ScenarioModel): ValidationError[] {
  return model.nodes.flatMap((node) => {
    if (node.parsed?.type !== 'branch.split') return [];
    const total = node.parsed.config.variants.reduce((sum, variant) => sum + variant.percent, 0);
    if (Math.abs(total - 100) <= TOLERANCE) return [];
    const sum = Number(total.toFixed(6));
    return [nodeError(node, 'split_not_100', `the variant percentages add up to ${sum}, not 100`, ['config', 'variants'], { total: sum })];
  });
}
