import type { z } from 'zod';
import { Duration } from '../schema/primitives.ts';
import { describeValue, formatPath, segmentsOf, valueAt, type PathSegment } from './path.ts';

type Issue = z.core.$ZodIssue;

/** A zod issue made readable: located by a path relative to the parsed value, one problem each. */
export interface ShapeProblem {
  code: 'invalid_shape' | 'bad_duration';
  path: PathSegment[];
  message: string;
  /** Which common wording the message is, so that an interface can say it in its own language. */
  params?: { variant: ShapeVariant };
}

/** The wordings a draft meets most (a field left empty or missing), named for translation. */
type ShapeVariant = 'required' | 'empty' | 'unknown_field' | 'malformed';
const VARIANTS: Record<string, ShapeVariant> = { 'is required': 'required', 'must not be empty': 'empty', 'is not a known field': 'unknown_field' };

/** The problem with its variant, when its message is one of the named wordings (a badly written duration always is). */
function named(problem: ShapeProblem): ShapeProblem {
  const variant = problem.code === 'bad_duration' ? 'malformed' : VARIANTS[problem.message];
  return variant ? { ...problem, params: { variant } } : problem;
}

const signature = (issue: Issue) => `${issue.code}:${issue.message}`;
/**
 * The issues the Duration schema itself raises, learnt by feeding it bad values so they follow the schema
 * if it changes. A failure carrying one of these signatures is a badly written duration.
 */
const DURATION_SIGNATURES = new Set(
  ['soon', ''].flatMap((bad) => Duration.safeParse(bad).error?.issues ?? []).map(signature),
);

/** Readable, located problems for zod `issues` raised while parsing `root`. */
export function describeIssues(issues: readonly Issue[], root: unknown): ShapeProblem[] {
  return issues.flatMap((issue) => describeIssue(issue, [], root)).map(named);
}

function describeIssue(issue: Issue, base: PathSegment[], root: unknown): ShapeProblem[] {
  const path = [...base, ...segmentsOf(issue.path)];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ code: 'invalid_shape', path: [...path, key], message: 'is not a known field' }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) return closestBranch(issue.errors, path, root);
  const code = DURATION_SIGNATURES.has(signature(issue)) ? 'bad_duration' : 'invalid_shape';
  return [{ code, path, message: messageOf(issue, valueAt(root, path)) }];
}

/**
 * A value matched none of a union's forms. Report the form it came closest to (fewest problems), so
 * `{attribute, op: "bad"}` gets "op must be one of..." rather than six alternatives. When forms tie on a
 * single problem at the same place, their messages are joined with "or".
 */
function closestBranch(branches: Issue[][], path: PathSegment[], root: unknown): ShapeProblem[] {
  const described = branches.map((branch) => branch.flatMap((issue) => describeIssue(issue, path, root)));
  const fewest = Math.min(...described.map((problems) => problems.length));
  const closest = described.filter((problems) => problems.length === fewest);
  if (closest.length === 1) return closest[0];
  const singles = closest.map((problems) => problems[0]);
  const samePlace = fewest === 1 && singles.every((p) => formatPath(p.path) === formatPath(singles[0].path));
  if (!samePlace) return [{ code: 'invalid_shape', path, message: 'does not match any of the accepted forms' }];
  const messages = [...new Set(singles.map((p) => p.message))];
  const code = singles.every((p) => p.code === 'bad_duration') ? 'bad_duration' : 'invalid_shape';
  return [{ code, path: singles[0].path, message: messages.map((m, i) => (i === 0 ? m : m.replace(/^must be /, ''))).join(' or ') }];
}

const TYPE_NAMES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
  null: 'null',
};

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

function messageOf(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeValue(value)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${list(issue.values)}` : `must be one of ${list(issue.values)}`;
    case 'invalid_union':
      // A discriminated union whose discriminator matched no option.
      if ('options' in issue && issue.options) return `${value === undefined ? 'is required and ' : ''}must be one of ${list(issue.options)}`;
      return issue.message;
    case 'too_small':
      return boundMessage('at least', issue.origin, Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return boundMessage('at most', issue.origin, Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_format':
      if (issue.format === 'url') return 'must be a URL such as "https://example.com/hook"';
      if (issue.format === 'datetime') return 'must be an ISO date-time such as "2026-01-05T08:00:00Z"';
      return issue.message;
    default:
      return issue.message;
  }
}

function boundMessage(bound: 'at least' | 'at most', origin: string, limit: number, inclusive: boolean): string {
  if (origin === 'string') return bound === 'at least' && limit === 1 ? 'must not be empty' : `must be ${bound} ${limit} characters long`;
  if (origin === 'array' || origin === 'set') return `must have ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
  if (inclusive) return `must be ${bound} ${limit}`;
  return `must be ${bound === 'at least' ? 'more' : 'less'} than ${limit}`;
}
