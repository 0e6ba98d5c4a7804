import { BEST_FALLBACK, type Condition, type NodeOf, type ScenarioNode } from '@parcours/shared';
import { durationWords } from '../i18n/durations.ts';
import { i18n } from '../i18n/index.ts';
import { operatorWords } from './vocabulary.ts';

/** Words for the canvas: durations, conditions (operators in the condition editor's words), output labels; each type's summary is in visuals.ts. */

/** "1d12h" → "1 day 12 hours"; anything unparsable is shown as typed. */
export const humanDuration = (d: string | undefined): string => (d && durationWords(d)) || d || '?';

export const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

export function conditionSummary(c: Condition | undefined, depth = 0): string {
  if (!c || typeof c !== 'object') return '?';
  if (depth > 2) return '…';
  // A condition typed as JSON may be any shape until it validates: summarise without trusting it.
  if ('all' in c) return Array.isArray(c.all) ? c.all.map((x) => conditionSummary(x, depth + 1)).join(i18n.t('summary.and')) : '?';
  if ('any' in c) return Array.isArray(c.any) ? c.any.map((x) => conditionSummary(x, depth + 1)).join(i18n.t('summary.or')) : '?';
  if ('not' in c) return i18n.t('summary.not', { condition: conditionSummary(c.not, depth + 1) });
  if ('inList' in c) return i18n.t('summary.inList', { list: c.inList || '?' });
  if ('event' in c) {
    const count = c.count ? i18n.t('summary.times', { op: operatorWords()[c.count.op] ?? c.count.op, count: c.count.value }) : '';
    const within = c.within ? i18n.t('summary.within', { duration: humanDuration(c.within) }) : '';
    return i18n.t('summary.did', { event: c.event || '?', times: count, within });
  }
  if ('attribute' in c) {
    const op = operatorWords()[c.op] ?? c.op;
    const unary = c.op === 'exists' || c.op === 'not_exists';
    return `${c.attribute || '?'} ${op}${unary ? '' : ` ${show(c.value)}`}`;
  }
  return '?';
}

const DAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function weekdays(days: string[]): string {
  const idx = days.map((d) => DAY_ORDER.indexOf(d)).sort((a, b) => a - b);
  const cap = (i: number) => i18n.t(`form.weekday.${DAY_ORDER[i] as 'mon'}`);
  const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  if (idx.length === 7) return i18n.t('summary.everyDay');
  if (idx.length > 2 && contiguous) return `${cap(idx[0])}–${cap(idx.at(-1)!)}`;
  return idx.map(cap).join(', ');
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || i18n.t('summary.noUrl');
  }
}

const OUTPUTS = ['yes', 'no', 'happened', 'timedOut', 'met', 'default'] as const;
const isNamedOutput = (output: string): output is (typeof OUTPUTS)[number] => (OUTPUTS as readonly string[]).includes(output);

/** The label drawn next to an output handle; "" for a single "next" output. */
export function outputLabel(node: ScenarioNode, output: string): string {
  if (node.type === 'branch.switch') {
    const c = (node as NodeOf<'branch.switch'>).config.cases.find((x) => x.id === output);
    if (c) return c.label || c.id;
  }
  if (node.type === 'branch.best') {
    const c = (node as NodeOf<'branch.best'>).config.candidates.find((x) => x.id === output);
    if (c) return c.label || c.id;
    if (output === BEST_FALLBACK) return i18n.t('best.fallback');
  }
  if (node.type === 'branch.split') {
    const v = (node as NodeOf<'branch.split'>).config.variants.find((x) => x.id === output);
    if (v) {
      const name = v.label || v.id;
      return v.control && !/control/i.test(name) ? i18n.t('outputs.controlVariant', { name, percent: v.percent }) : i18n.t('outputs.variant', { name, percent: v.percent });
    }
  }
  if (output === 'next') return '';
  return isNamedOutput(output) ? i18n.t(`outputs.${output}`) : output;
}
