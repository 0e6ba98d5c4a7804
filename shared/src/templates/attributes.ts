import type { Scenario } from '../schema/scenario.ts';
import type { PathSegment } from '../validate/path.ts';
import { TemplateError, membersOf, parseField, type MemberUse } from './engines.ts';
import { TEMPLATE_FIELDS } from './fields.ts';

/** A `contact.<attribute>` read by a template field: which attribute, in which field of which template or task node. */
export interface AttributeUse extends MemberUse {
  /** The template's id, or for a task's own fields, undefined (the node is `taskNode`). */
  templateId?: string;
  taskNode?: string;
  /** Where in the scenario: ["templates", 3, "subject"] or ["nodes", 2, "config", "title"]. */
  path: PathSegment[];
}

/** `contact.id` is the contact's id, not an attribute. */
const NOT_ATTRIBUTES = new Set(['id']);

function usesIn(fields: Record<string, unknown>, channel: keyof typeof TEMPLATE_FIELDS, at: PathSegment[]): Array<MemberUse & { path: PathSegment[] }> {
  return TEMPLATE_FIELDS[channel].flatMap(({ name, mode }) => {
    const source = fields[name];
    if (typeof source !== 'string') return [];
    try {
      const parsed = parseField(mode, source, name);
      return membersOf(mode, source, parsed, 'contact')
        .filter((use) => !NOT_ATTRIBUTES.has(use.name))
        .map((use) => ({ ...use, path: [...at, name] }));
    } catch (error) {
      // A syntax error is reported by validateTemplates; nothing can be said about its variables.
      if (error instanceof TemplateError) return [];
      throw error;
    }
  });
}

/** Every contact attribute the scenario's templates and task nodes read. */
export function contactAttributeUses(scenario: Pick<Scenario, 'templates' | 'nodes'>): AttributeUse[] {
  const inTemplates = scenario.templates.flatMap((template, index) =>
    usesIn(template as unknown as Record<string, unknown>, template.channel, ['templates', index]).map((use) => ({ ...use, templateId: template.id })),
  );
  const inTasks = scenario.nodes.flatMap((node, index) =>
    node.type === 'action.task' ? usesIn(node.config, 'task', ['nodes', index, 'config']).map((use) => ({ ...use, taskNode: node.id })) : [],
  );
  return [...inTemplates, ...inTasks];
}
