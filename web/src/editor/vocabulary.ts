import type { Scenario } from '@parcours/shared';
import { i18n } from '../i18n/index.ts';

/**
 * The names a journey already uses, to suggest in its forms so that "purchase" is not typed "purchased" in
 * another node: events (triggers, waits, conditions, goals, exit events), attributes and lists.
 */
export function vocabularyOf(scenario: Scenario): { event: string[]; attribute: string[]; list: string[] } {
  const events = new Set<string>();
  const attributes = new Set<string>();
  const lists = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const o = value as Record<string, unknown>;
    if (typeof o.event === 'string') events.add(o.event);
    if (typeof o.attribute === 'string') attributes.add(o.attribute);
    if (typeof o.inList === 'string') lists.add(o.inList);
    if (typeof o.list === 'string') lists.add(o.list);
    Object.values(o).forEach(visit);
  };
  scenario.nodes.forEach((n) => visit(n.config));
  visit(scenario.settings);
  const sorted = (s: Set<string>) => [...s].filter(Boolean).sort();
  return { event: sorted(events), attribute: sorted(attributes), list: sorted(lists) };
}

export const OPERATORS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'in', 'exists', 'not_exists'] as const;

/**
 * Condition operators as a marketer says them, in every condition editor ("plan is pro", "visits at least 3"), in
 * the interface's language.
 */
export const operatorWords = (): Record<string, string> => Object.fromEntries(OPERATORS.map((op) => [op, i18n.t(`operators.${op}`)]));
