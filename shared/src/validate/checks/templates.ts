import type { Scenario } from '../../schema/scenario.ts';
import { validateTemplates } from '../../templates/validate.ts';
import type { ValidationError } from '../types.ts';

/** Liquid syntax errors and unknown variables, so a broken template fails validation instead of a send. */
export function templateProblems(scenario: Scenario): ValidationError[] {
  return validateTemplates(scenario).map(({ code, message, path }) => ({ code, message, path }));
}
