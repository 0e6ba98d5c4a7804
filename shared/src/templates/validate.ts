import type { Scenario } from '../schema/scenario.ts';
import type { PathSegment } from '../validate/path.ts';
import { TemplateError, globalVariablesOf, parseField } from './engines.ts';
import { TEMPLATE_FIELDS, TEMPLATE_ROOTS } from './fields.ts';

export interface TemplateIssue {
  code: 'template_syntax' | 'unknown_variable';
  message: string;
  templateId: string;
  /** Where in the scenario: ["templates", 3, "html"]. */
  path: PathSegment[];
  line?: number;
  column?: number;
}

const KNOWN_ROOTS = new Set<string>(TEMPLATE_ROOTS);

/** Liquid syntax errors and variables outside contact/event/links/scenario, in every template of a scenario. */
export function validateTemplates(scenario: Pick<Scenario, 'templates'>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  scenario.templates.forEach((template, index) => {
    const fields = template as unknown as Record<string, unknown>;
    for (const { name, mode } of TEMPLATE_FIELDS[template.channel]) {
      const source = fields[name];
      if (typeof source !== 'string') continue;
      const path = ['templates', index, name];
      try {
        const parsed = parseField(mode, source, name);
        for (const { root, line, column } of globalVariablesOf(mode, parsed)) {
          if (KNOWN_ROOTS.has(root)) continue;
          issues.push({
            code: 'unknown_variable',
            message: `${name}, line ${line}, column ${column}: unknown variable "${root}" (use ${TEMPLATE_ROOTS.join(', ')})`,
            templateId: template.id,
            path,
            line,
            column,
          });
        }
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        issues.push({ code: 'template_syntax', message: error.message, templateId: template.id, path, line: error.line, column: error.column });
      }
    }
  });
  return issues;
}
