import type { Scenario } from '../../schema/scenario.ts';
import { validateTaskTemplates, validateTemplates } from '../../templates/validate.ts';
import type { ValidationError } from '../types.ts';

/** Liquid syntax errors and unknown variables, so a broken template fails validation instead of a send. */
export function templateProblems(scenario: Scenario): ValidationError[] {
  const templates = validateTemplates(scenario).map(({ code, message, params, path }) => ({ code, message, params, path }));
  // A task's fields are located on its node, so the canvas marks the node.
  const tasks = validateTaskTemplates(scenario).map(({ code, message, params, path, templateId }) => ({ code, message, params, path, nodeId: templateId }));
  return [...templates, ...tasks];
}
