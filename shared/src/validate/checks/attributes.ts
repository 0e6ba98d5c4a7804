import { closest, distance } from 'fastest-levenshtein';
import type { Scenario } from '../../schema/scenario.ts';
import { contactAttributeUses, type AttributeUse } from '../../templates/attributes.ts';
import type { PathSegment } from '../path.ts';
import type { AttributeCatalogue, ValidationError, ValidationWarning } from '../types.ts';

/** The known attribute a misspelt one most likely means ("frstName" → "firstName"); undefined past a few typos. */
export function suggestAttribute(name: string, known: readonly string[]): string | undefined {
  if (known.length === 0) return undefined;
  const nearest = closest(name, known as string[]);
  return distance(name.toLowerCase(), nearest.toLowerCase()) <= Math.max(2, Math.floor(name.length / 4)) ? nearest : undefined;
}

/** A located finding about one use: on each node that sends the template (so the canvas marks it), or on the template alone. */
function located<T extends ValidationError | ValidationWarning>(scenario: Scenario, use: AttributeUse, finding: Omit<T, 'nodeId' | 'path'>): T[] {
  const path: PathSegment[] = use.path;
  const senders = use.taskNode
    ? [use.taskNode]
    : scenario.nodes.filter((node) => (node.config as Record<string, unknown>).template === use.templateId).map((node) => node.id);
  if (senders.length === 0) return [{ ...finding, path } as T];
  return senders.map((nodeId) => ({ ...finding, nodeId, path }) as T);
}

const where = (use: AttributeUse) => `${String(use.path[use.path.length - 1])}, line ${use.line}, column ${use.column}`;
const placeOf = (use: AttributeUse) => ({ field: String(use.path[use.path.length - 1]), line: use.line, column: use.column, name: use.name });

/**
 * Template variables checked against the workspace's attribute catalogue: `contact.<name>` naming no known attribute
 * is an error (with a "did you mean"), or a warning when a default covers it; one that some contacts lack, read without `| default:` or an `if`, is a
 * warning saying how many lack it. Without contacts or declared attributes nothing is known, so nothing is checked.
 */
export function attributeProblems(scenario: Scenario, catalogue: AttributeCatalogue | undefined): { errors: ValidationError[]; warnings: ValidationWarning[] } {
  const errors: ValidationError[] = [];
  const warnings: ValidationWarning[] = [];
  if (!catalogue || (catalogue.contacts === 0 && !catalogue.attributes.some((a) => a.type))) return { errors, warnings };
  const known = new Map(catalogue.attributes.map((a) => [a.name, a]));
  const names = [...known.keys()];
  for (const use of contactAttributeUses(scenario)) {
    const attribute = known.get(use.name);
    if (!attribute) {
      const suggestion = suggestAttribute(use.name, names);
      if (use.tolerant) {
        // The send does not fail, but the default is all anyone will ever see.
        const message = suggestion
          ? `${where(use)}: no contact has "${use.name}", so the default is always used: did you mean "${suggestion}"?`
          : `${where(use)}: no contact has "${use.name}", so the default is always used`;
        const params = suggestion ? { ...placeOf(use), variant: 'suggestion', suggestion } : { ...placeOf(use), variant: 'no_suggestion' };
        warnings.push(...located<ValidationWarning>(scenario, use, { code: 'attribute_never_seen', message, params }));
      } else {
        const message = suggestion
          ? `${where(use)}: no contact attribute "${use.name}": did you mean "${suggestion}"?`
          : `${where(use)}: no contact attribute "${use.name}" (declare it in Settings → Attributes if contacts will have it)`;
        const params = suggestion ? { ...placeOf(use), variant: 'suggestion', suggestion } : { ...placeOf(use), variant: 'no_suggestion' };
        errors.push(...located<ValidationError>(scenario, use, { code: 'unknown_attribute', message, params }));
      }
      continue;
    }
    const missing = catalogue.contacts - attribute.contacts;
    if (missing <= 0 || use.tolerant) continue;
    const message =
      missing === 1
        ? `${where(use)}: 1 contact of ${catalogue.contacts} has no "${use.name}": sending to them fails; add | default: "…" or an {% if %}`
        : `${where(use)}: ${missing} contacts of ${catalogue.contacts} have no "${use.name}": sending to them fails; add | default: "…" or an {% if %}`;
    const params = { ...placeOf(use), count: missing, contacts: catalogue.contacts };
    warnings.push(...located<ValidationWarning>(scenario, use, { code: 'attribute_often_missing', message, params }));
  }
  return { errors, warnings };
}
