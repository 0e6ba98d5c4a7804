import type { Condition } from '../../schema/conditions.ts';
import type { ScenarioNode } from '../../schema/nodes.ts';
import { parseDuration } from '../../time/duration.ts';
import { nodeError, type ScenarioModel } from '../model.ts';
import type { PathSegment } from '../path.ts';
import type { ProblemParams, ValidationError } from '../types.ts';

const DAY_MS = 86_400_000;
/** Five years (with a leap day): longer waits are almost certainly a typo ("300w" for "30d"), and overflow date maths. */
const MAX_DAYS = 5 * 365 + 1;

/** Why a well-formed duration is still unusable, if it is. */
function durationProblem(text: string): { message: string; params: ProblemParams } | undefined {
  const ms = parseDuration(text);
  if (Number.isNaN(ms)) return { message: 'must be a duration such as "30m", "4h", "3d", "1w" or "1d12h"', params: { variant: 'malformed' } };
  if (ms === 0) return { message: 'must be longer than zero', params: { variant: 'zero' } };
  if (ms > MAX_DAYS * DAY_MS) return { message: `must not exceed 5 years ("${MAX_DAYS}d")`, params: { variant: 'too_long', max: `${MAX_DAYS}d` } };
  return undefined;
}

type Field = [field: PathSegment[], text: string];

function conditionDurations(condition: Condition, field: PathSegment[]): Field[] {
  if ('all' in condition) return condition.all.flatMap((c, i) => conditionDurations(c, [...field, 'all', i]));
  if ('any' in condition) return condition.any.flatMap((c, i) => conditionDurations(c, [...field, 'any', i]));
  if ('not' in condition) return conditionDurations(condition.not, [...field, 'not']);
  if ('within' in condition && condition.within !== undefined) return [[[...field, 'within'], condition.within]];
  return [];
}

/** The duration fields of a node, relative to it. */
function nodeDurations(node: ScenarioNode): Field[] {
  switch (node.type) {
    case 'wait.delay':
      return [[['config', 'duration'], node.config.duration]];
    case 'wait.event':
      return [[['config', 'timeout'], node.config.timeout]];
    case 'wait.digest':
      return node.config.window === undefined ? [] : [[['config', 'window'], node.config.window]];
    case 'wait.condition':
      return [[['config', 'timeout'], node.config.timeout], ...conditionDurations(node.config.condition, ['config', 'condition'])];
    case 'entry.segment':
    case 'branch.condition':
      return conditionDurations(node.config.condition, ['config', 'condition']);
    case 'branch.switch':
      return node.config.cases.flatMap((c, i) => conditionDurations(c.condition, ['config', 'cases', i, 'condition']));
    case 'branch.best':
      return node.config.candidates.flatMap((c, i) => (c.eligibleWhen ? conditionDurations(c.eligibleWhen, ['config', 'candidates', i, 'eligibleWhen']) : []));
    default:
      return [];
  }
}

/** The scenario-level duration fields, as full paths. */
function scenarioDurations(model: ScenarioModel): Field[] {
  const fields: Field[] = [];
  const reentry = model.settings?.reentry;
  if (reentry?.policy === 'after') fields.push([['settings', 'reentry', 'after'], reentry.after]);
  model.settings?.frequencyCaps.forEach((cap, i) => fields.push([['settings', 'frequencyCaps', i, 'per'], cap.per]));
  model.tests?.forEach((test, i) => {
    if (test.until !== undefined) fields.push([['tests', i, 'until'], test.until]);
  });
  return fields;
}

/**
 * `bad_duration` for durations that are well formed but unusable: zero, or longer than five years.
 * (Malformed ones are caught while checking the shape, with the same code.)
 */
export function badDurations(model: ScenarioModel): ValidationError[] {
  const onNodes = model.nodes.flatMap((node) =>
    (node.parsed ? nodeDurations(node.parsed) : []).flatMap(([field, text]) => {
      const problem = durationProblem(text);
      return problem ? [nodeError(node, 'bad_duration', problem.message, field, problem.params)] : [];
    }),
  );
  const onScenario = scenarioDurations(model).flatMap(([path, text]): ValidationError[] => {
    const problem = durationProblem(text);
    return problem ? [{ code: 'bad_duration', message: problem.message, params: problem.params, path }] : [];
  });
  return [...onNodes, ...onScenario];
}
