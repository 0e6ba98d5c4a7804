import type { NodeOf, NodeType, Scenario, ScenarioNode } from '@parcours/shared';
import { conditionSummary, hostOf, humanDuration, show, weekdays } from './summary.ts';
import { i18n } from '../i18n/index.ts';

const t = i18n.t;

/** What a summary may read beside its node: the scenario's templates, and the saved segments' names once loaded. */
type SummaryContext = Pick<Scenario, 'templates'> & { segmentNames?: ReadonlyMap<string, string> };

/**
 * What the web app adds to a node type's definition (shared/src/nodes): only what is visual. Its
 * colour comes from its family (`family-<family>` in styles.css).
 */
export interface NodeVisual<T extends NodeType> {
  /** A small glyph; plain text symbols keep the bundle free of an icon library. */
  glyph: string;
  /** A short, human summary of the config for the canvas ("Wait 3 days", "Email: Welcome #1"). */
  summary: (node: NodeOf<T>, scenario: SummaryContext) => string;
}

function templateName(scenario: SummaryContext, id: string): string {
  if (!id) return t('summary.noTemplate');
  return scenario.templates.find((t) => t.id === id)?.name ?? id;
}

const filters = (where: unknown[] | undefined) => (where?.length ? t('summary.filters', { count: where.length }) : '');

export const NODE_VISUALS: { [T in NodeType]: NodeVisual<T> } = {
  'entry.event': { glyph: '⚡', summary: (node) => t('summary.whenEvent', { event: node.config.event || '?', filters: filters(node.config.where) }) },
  'entry.segment': { glyph: '◎', summary: (node) => t('summary.whenCondition', { condition: conditionSummary(node.config.condition) }) },
  'entry.date': {
    glyph: '📅',
    summary: (node) => {
      const { attribute, offsetDays = 0, at } = node.config;
      const values = { attribute: attribute || '?', at, count: Math.abs(offsetDays) };
      return offsetDays === 0 ? t('summary.onDate', values) : offsetDays < 0 ? t('summary.daysBefore', values) : t('summary.daysAfter', values);
    },
  },
  'entry.api': { glyph: '⇥', summary: () => t('summary.api') },
  'entry.membership': {
    glyph: '◉',
    summary: (node, { segmentNames }) => t('segments.entrySummary', { segment: segmentNames?.get(node.config.segment) ?? (node.config.segment || '?') }),
  },
  'wait.delay': { glyph: '⏱', summary: (node) => t('summary.wait', { duration: humanDuration(node.config.duration) }) },
  'wait.until': {
    glyph: '⏰',
    summary: (node) => {
      const { date, attribute, offsetDays, time } = node.config;
      const day = date ?? (attribute ? `${attribute}${offsetDays ? ` ${offsetDays > 0 ? '+' : ''}${offsetDays}d` : ''}` : undefined);
      return day === undefined ? t('summary.untilNext', { time }) : t('summary.until', { day, time });
    },
  },
  'wait.event': { glyph: '⚑', summary: (node) => t('summary.waitEvent', { event: node.config.event || '?', timeout: humanDuration(node.config.timeout) }) },
  'wait.condition': {
    glyph: '⏳',
    summary: (node) => t('summary.waitCondition', { condition: conditionSummary(node.config.condition), timeout: humanDuration(node.config.timeout) }),
  },
  'wait.digest': {
    glyph: '▤',
    summary: (node) => {
      const { event, window, until } = node.config;
      return window !== undefined
        ? t('digest.summaryFor', { event: event || '?', window: humanDuration(window) })
        : t('digest.summaryUntil', { event: event || '?', time: until ?? '?' });
    },
  },
  'wait.window': { glyph: '🕘', summary: (node) => `${weekdays(node.config.days)} ${node.config.start}–${node.config.end}` },
  'branch.condition': { glyph: '◇', summary: (node) => t('summary.if', { condition: conditionSummary(node.config.condition) }) },
  'branch.switch': { glyph: '☰', summary: (node) => t('summary.cases', { count: node.config.cases.length }) },
  'branch.best': { glyph: '◈', summary: (node) => t('best.summary', { count: node.config.candidates.length }) },
  'branch.split': { glyph: '⚖', summary: (node) => t('summary.split', { percents: node.config.variants.map((v) => v.percent).join('/') }) },
  'action.email': { glyph: '✉', summary: (node, scenario) => t('summary.email', { template: templateName(scenario, node.config.template) }) },
  'action.sms': { glyph: '💬', summary: (node, scenario) => t('summary.sms', { template: templateName(scenario, node.config.template) }) },
  'action.push': { glyph: '🔔', summary: (node, scenario) => t('summary.push', { template: templateName(scenario, node.config.template) }) },
  'action.webhook': { glyph: '⇄', summary: (node) => `${node.config.method ?? 'POST'} ${hostOf(node.config.url)}` },
  'action.task': {
    glyph: '☎',
    summary: (node) => {
      const values = { kind: t(`summary.taskKind.${node.config.kind}`), team: node.config.team ?? '', title: node.config.title || '?' };
      return node.config.team ? t('summary.taskFor', values) : t('summary.task', values);
    },
  },
  'action.onsite': { glyph: '▣', summary: (node) => t('onsite.summary', { placement: node.config.placement || '?', priority: node.config.priority ?? 0 }) },
  'action.attribute': {
    glyph: '✎',
    summary: (node) =>
      node.config.op === 'unset'
        ? t('summary.unset', { attribute: node.config.attribute || '?' })
        : t('summary.set', { attribute: node.config.attribute || '?', value: show(node.config.value) }),
  },
  'action.score': { glyph: '±', summary: (node) => `${node.config.attribute || 'score'} ${node.config.delta >= 0 ? '+' : ''}${node.config.delta}` },
  'action.list': {
    glyph: '≡',
    summary: (node) => (node.config.op === 'remove' ? t('summary.removeFrom', { list: node.config.list || '?' }) : t('summary.addTo', { list: node.config.list || '?' })),
  },
  'action.scenario': { glyph: '↪', summary: (node) => t('summary.start', { scenario: node.config.scenario || '?' }) },
  'flow.goal': {
    glyph: '★',
    summary: (node) =>
      node.config.event
        ? t('summary.goalEvent', { event: node.config.event })
        : node.config.condition
          ? t('summary.goalCondition')
          : t('summary.goalReached'),
  },
  'flow.exit': { glyph: '⏹', summary: () => t('summary.exit') },
};

/** The canvas summary of any node. */
export function nodeSummary(node: ScenarioNode, scenario: SummaryContext): string {
  // The node's own type picks its visual; TypeScript cannot pair the two through a union.
  return (NODE_VISUALS[node.type] as NodeVisual<NodeType>).summary(node as never, scenario);
}
