import { DURATION_PATTERN, type Condition, type NodeOf, type Scenario, type ScenarioNode } from '@parcours/shared';

/** Short, human summaries of node configs for the canvas ("Wait 3 days", "Email: Welcome #1", "Split 50/50"). */

const UNITS = ['week', 'day', 'hour', 'minute', 'second'] as const;

/** "1d12h" → "1 day 12 hours"; anything unparsable is shown as typed. */
export function humanDuration(d: string | undefined): string {
  const m = d ? DURATION_PATTERN.exec(d) : null;
  if (!d || !m) return d || '?';
  const parts = UNITS.flatMap((unit, i) => {
    const n = Number(m[i + 1] ?? 0);
    return n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : [];
  });
  return parts.join(' ') || d;
}

const OPS: Record<string, string> = {
  eq: '=',
  neq: '≠',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  contains: 'contains',
  in: 'in',
  exists: 'is set',
  not_exists: 'is not set',
};

const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

export function conditionSummary(c: Condition | undefined, depth = 0): string {
  if (!c || typeof c !== 'object') return '?';
  if (depth > 2) return '…';
  // A condition typed as JSON may be any shape until it validates: summarise without trusting it.
  if ('all' in c) return Array.isArray(c.all) ? c.all.map((x) => conditionSummary(x, depth + 1)).join(' and ') : '?';
  if ('any' in c) return Array.isArray(c.any) ? c.any.map((x) => conditionSummary(x, depth + 1)).join(' or ') : '?';
  if ('not' in c) return `not (${conditionSummary(c.not, depth + 1)})`;
  if ('inList' in c) return `in list ${c.inList || '?'}`;
  if ('event' in c) {
    const count = c.count ? ` ${OPS[c.count.op] ?? c.count.op} ${c.count.value}×` : '';
    const within = c.within ? ` in ${humanDuration(c.within)}` : '';
    return `did ${c.event || '?'}${count}${within}`;
  }
  if ('attribute' in c) {
    const op = OPS[c.op] ?? c.op;
    const unary = c.op === 'exists' || c.op === 'not_exists';
    return `${c.attribute || '?'} ${op}${unary ? '' : ` ${show(c.value)}`}`;
  }
  return '?';
}

function templateName(scenario: Pick<Scenario, 'templates'>, id: string): string {
  if (!id) return 'no template yet';
  return scenario.templates.find((t) => t.id === id)?.name ?? id;
}

const filters = (where: unknown[] | undefined) => (where?.length ? ` (${where.length} filter${where.length > 1 ? 's' : ''})` : '');

export function nodeSummary(node: ScenarioNode, scenario: Pick<Scenario, 'templates'>): string {
  switch (node.type) {
    case 'entry.event':
      return `When ${node.config.event || '?'} happens${filters(node.config.where)}`;
    case 'entry.segment':
      return `When ${conditionSummary(node.config.condition)}`;
    case 'entry.date': {
      const { attribute, offsetDays = 0, at } = node.config;
      const when = offsetDays === 0 ? 'On' : `${Math.abs(offsetDays)} day${Math.abs(offsetDays) === 1 ? '' : 's'} ${offsetDays < 0 ? 'before' : 'after'}`;
      return `${when} ${attribute || '?'} at ${at}`;
    }
    case 'entry.api':
      return 'Enrolled by hand or API';
    case 'wait.delay':
      return `Wait ${humanDuration(node.config.duration)}`;
    case 'wait.until': {
      const { date, attribute, offsetDays, time } = node.config;
      const day = date ?? (attribute ? `${attribute}${offsetDays ? ` ${offsetDays > 0 ? '+' : ''}${offsetDays}d` : ''}` : 'next');
      return `Until ${day} ${time}`;
    }
    case 'wait.event':
      return `Wait for ${node.config.event || '?'}, up to ${humanDuration(node.config.timeout)}`;
    case 'wait.condition':
      return `Until ${conditionSummary(node.config.condition)}, up to ${humanDuration(node.config.timeout)}`;
    case 'wait.window':
      return `${weekdays(node.config.days)} ${node.config.start}–${node.config.end}`;
    case 'branch.condition':
      return `If ${conditionSummary(node.config.condition)}`;
    case 'branch.switch':
      return `${node.config.cases.length} case${node.config.cases.length === 1 ? '' : 's'} + otherwise`;
    case 'branch.split':
      return `Split ${node.config.variants.map((v) => v.percent).join('/')}`;
    case 'action.email':
      return `Email: ${templateName(scenario, node.config.template)}`;
    case 'action.sms':
      return `SMS: ${templateName(scenario, node.config.template)}`;
    case 'action.push':
      return `Push: ${templateName(scenario, node.config.template)}`;
    case 'action.webhook':
      return `${node.config.method ?? 'POST'} ${hostOf(node.config.url)}`;
    case 'action.attribute':
      return node.config.op === 'unset'
        ? `Unset ${node.config.attribute || '?'}`
        : `Set ${node.config.attribute || '?'} = ${show(node.config.value)}`;
    case 'action.score':
      return `${node.config.attribute || 'score'} ${node.config.delta >= 0 ? '+' : ''}${node.config.delta}`;
    case 'action.list':
      return `${node.config.op === 'remove' ? 'Remove from' : 'Add to'} ${node.config.list || '?'}`;
    case 'action.scenario':
      return `Start ${node.config.scenario || '?'}`;
    case 'flow.goal':
      return node.config.event ? `Converted on ${node.config.event}` : 'Goal reached';
    case 'flow.exit':
      return 'End of journey';
  }
}

const DAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function weekdays(days: string[]): string {
  const idx = days.map((d) => DAY_ORDER.indexOf(d)).sort((a, b) => a - b);
  const cap = (i: number) => DAY_ORDER[i][0].toUpperCase() + DAY_ORDER[i].slice(1);
  const contiguous = idx.every((v, i) => i === 0 || v === idx[i - 1] + 1);
  if (idx.length === 7) return 'Every day';
  if (idx.length > 2 && contiguous) return `${cap(idx[0])}–${cap(idx.at(-1)!)}`;
  return idx.map(cap).join(', ');
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || 'no URL yet';
  }
}

const OUTPUT_LABELS: Record<string, string> = {
  yes: 'Yes',
  no: 'No',
  happened: 'Happened',
  timedOut: 'Timed out',
  met: 'Met',
  default: 'Otherwise',
};

/** The label drawn next to an output handle; "" for a single "next" output. */
export function outputLabel(node: ScenarioNode, output: string): string {
  if (node.type === 'branch.switch') {
    const c = (node as NodeOf<'branch.switch'>).config.cases.find((x) => x.id === output);
    if (c) return c.label || c.id;
  }
  if (node.type === 'branch.split') {
    const v = (node as NodeOf<'branch.split'>).config.variants.find((x) => x.id === output);
    if (v) {
      const name = v.label || v.id;
      return `${name} ${v.percent}%${v.control && !/control/i.test(name) ? ' (control)' : ''}`;
    }
  }
  if (output === 'next') return '';
  return OUTPUT_LABELS[output] ?? output;
}
