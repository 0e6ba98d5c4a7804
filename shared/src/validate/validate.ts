import { correlationWithoutEvent, sameAsUnreachable } from './checks/correlation.ts';
import { badDurations } from './checks/durations.ts';
import { danglingEdges, duplicateOutputs } from './checks/edges.ts';
import { entryHasInput, multipleEntries, noEntry, unreachableNodes } from './checks/entry.ts';
import { duplicateIds } from './checks/ids.ts';
import { loopsWithoutWait } from './checks/loops.ts';
import { missingDefaults, missingOutputs } from './checks/outputs.ts';
import { templateChannelMismatches, unknownScenarios, unknownTemplates } from './checks/references.ts';
import { testsNamingUnknownNodes, unknownTimeZones } from './checks/settings.ts';
import { unknownSegments } from './checks/segments.ts';
import { splitsNot100 } from './checks/split.ts';
import { templateProblems } from './checks/templates.ts';
import { attributeProblems } from './checks/attributes.ts';
import type { ScenarioModel } from './model.ts';
import { describeValue, isRecord } from './path.ts';
import { findUnreadable } from './readable.ts';
import { checkShape } from './shape.ts';
import type { ValidationContext, ValidationError, ValidationResult } from './types.ts';

/** The graph and reference checks, run on whatever parts of the scenario could be read. */
const GRAPH_CHECKS: ((model: ScenarioModel, ctx: ValidationContext) => ValidationError[])[] = [
  duplicateIds,
  noEntry,
  multipleEntries,
  entryHasInput,
  danglingEdges,
  duplicateOutputs,
  missingOutputs,
  missingDefaults,
  unreachableNodes,
  loopsWithoutWait,
  splitsNot100,
  badDurations,
  unknownTemplates,
  templateChannelMismatches,
  unknownScenarios,
  unknownTimeZones,
  testsNamingUnknownNodes,
  sameAsUnreachable,
  unknownSegments,
  correlationWithoutEvent,
];

/**
 * Validates anything claiming to be a scenario and reports every problem it can find in one pass, each
 * located on a node, an edge or a field path. Never throws. `scenario` is set whenever the shape is valid,
 * even with graph errors, so that a draft can be saved while it is being drawn.
 */
export function validateScenario(input: unknown, ctx: ValidationContext = {}): ValidationResult {
  const unreadable = findUnreadable(input);
  if (unreadable) return { ok: false, errors: [unreadable], warnings: [] };
  if (!isRecord(input)) {
    return { ok: false, errors: [{ code: 'invalid_shape', message: `a scenario must be a JSON object, not ${describeValue(input)}` }], warnings: [] };
  }
  const shape = checkShape(input);
  const attributes = shape.scenario ? attributeProblems(shape.scenario, ctx.attributes) : { errors: [], warnings: [] };
  const errors = [
    ...shape.errors,
    ...GRAPH_CHECKS.flatMap((check) => check(shape.model, ctx)),
    ...(shape.scenario ? templateProblems(shape.scenario) : []),
    ...attributes.errors,
  ];
  return {
    ok: errors.length === 0,
    ...(shape.scenario ? { scenario: shape.scenario } : {}),
    ...(shape.draft ? { draft: shape.draft } : {}),
    errors,
    warnings: attributes.warnings,
  };
}
