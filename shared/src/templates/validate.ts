import type { Scenario } from '../schema/scenario.ts';
import type { PathSegment } from '../validate/path.ts';
import type { ProblemParams } from '../validate/types.ts';
import { TemplateError, globalVariablesOf, parseField } from './engines.ts';
import { TEMPLATE_FIELDS, TEMPLATE_ROOTS } from './fields.ts';

export interface TemplateIssue {
  code: 'template_syntax' | 'unknown_variable';
  message: string;
  /** The field, line and column, and the unknown variable or the parser's own (English) words. */
  params: ProblemParams;
  /** The template's id, or for a task's own fields, the task node's id. */
  templateId: string;
  /** Where in the scenario: ["templates", 3, "html"]. */
  path: PathSegment[];
  line?: number;
  column?: number;
}

const KNOWN_ROOTS = new Set<string>(TEMPLATE_ROOTS);

/** Liquid syntax errors and unknown variables in the fields of one template (or one task node's config). */
function fieldIssues(fields: Record<string, unknown>, channel: keyof typeof TEMPLATE_FIELDS, templateId: string, at: PathSegment[]): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  for (const { name, mode } of TEMPLATE_FIELDS[channel]) {
    const source = fields[name];
    if (typeof source !== 'string') continue;
    const path = [...at, name];
    try {
      const parsed = parseField(mode, source, name);
      for (const { root, line, column } of globalVariablesOf(mode, parsed)) {
        if (KNOWN_ROOTS.has(root)) continue;
        issues.push({
          code: 'unknown_variable',
          message: `${name}, line ${line}, column ${column}: unknown variable "${root}" (use ${TEMPLATE_ROOTS.join(', ')})`,
          params: { field: name, line, column, variable: root, roots: TEMPLATE_ROOTS.join(', ') },
          templateId,
          path,
          line,
          column,
        });
      }
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      issues.push({
        code: 'template_syntax',
        message: error.message,
        // The parser's words after "field, line 2, column 4: ".
        params: {
          field: name,
          detail: error.message.replace(/^[^:]*: /, ''),
          ...(error.line !== undefined ? { variant: 'located', line: error.line, column: error.column ?? 0 } : { variant: 'field' }),
        },
        templateId,
        path,
        line: error.line,
        column: error.column,
      });
    }
  }
  return issues;
}

/** Liquid syntax errors and variables outside contact/event/links/scenario, in every template of a scenario. */
export function validateTemplates(scenario: Pick<Scenario, 'templates'>): TemplateIssue[] {
  return scenario.templates.flatMap((template, index) =>
    fieldIssues(template as unknown as Record<string, unknown>, template.channel, template.id, ['templates', index]),
  );
}

/**
 * The same checks on the templates written in a node itself: the title and instructions of task nodes, the
 * content of on-site nodes.
 */
export function validateTaskTemplates(scenario: Pick<Scenario, 'nodes'>): TemplateIssue[] {
  return scenario.nodes.flatMap((node, index) => {
    const at = ['nodes', index, 'config'];
    if (node.type === 'action.task') return fieldIssues(node.config, 'task', node.id, at);
    if (node.type === 'action.onsite') return fieldIssues(node.config, 'onsite', node.id, at);
    return [];
  });
}
