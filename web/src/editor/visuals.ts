import type { NodeOf, NodeType, Scenario, ScenarioNode } from '@parcours/shared';
import { conditionSummary, hostOf, humanDuration, show, weekdays } from './summary.ts';

type Templates = Pick<Scenario, 'templates'>;

/**
 * What the web app adds to a node type's definition (shared/src/nodes): only what is visual. Its
 * colour comes from its family (`family-<family>` in styles.css).
 */
export interface NodeVisual<T extends NodeType> {
  /** A small glyph; plain text symbols keep the bundle free of an icon library. */
  glyph: string;
  /** A short, human summary of the config for the canvas ("Wait 3 days", "Email: Welcome #1"). */
  summary: (node: NodeOf<T>, scenario: Templates) => string;
}

function templateName(scenario: Templates, id: string): string {
  if (!id) return 'no template yet';
  return scenario.templates.find((t) => t.id === id)?.name ?? id;
}

const filters = (where: unknown[] | undefined) => (where?.length ? ` (${where.length} filter${where.length > 1 ? 's' : ''})` : '');

export const NODE_VISUALS: { [T in NodeType]: NodeVisual<T> } = {
  'entry.event': { glyph: '⚡', summary: (node) => `When ${node.config.event || '?'} happens${filters(node.config.where)}` },
  'entry.segment': { glyph: '◎', summary: (node) => `When ${conditionSummary(node.config.condition)}` },
  'entry.date': {
    glyph: '📅',
    summary: (node) => {
      const { attribute, offsetDays = 0, at } = node.config;
      const when = offsetDays === 0 ? 'On' : `${Math.abs(offsetDays)} day${Math.abs(offsetDays) === 1 ? '' : 's'} ${offsetDays < 0 ? 'before' : 'after'}`;
      return `${when} ${attribute || '?'} at ${at}`;
    },
  },
  'entry.api': { glyph: '⇥', summary: () => 'Enrolled by hand or API' },
  'wait.delay': { glyph: '⏱', summary: (node) => `Wait ${humanDuration(node.config.duration)}` },
  'wait.until': {
    glyph: '⏰',
    summary: (node) => {
      const { date, attribute, offsetDays, time } = node.config;
      const day = date ?? (attribute ? `${attribute}${offsetDays ? ` ${offsetDays > 0 ? '+' : ''}${offsetDays}d` : ''}` : 'next');
      return `Until ${day} ${time}`;
    },
  },
  'wait.event': { glyph: '⚑', summary: (node) => `Wait for ${node.config.event || '?'}, up to ${humanDuration(node.config.timeout)}` },
  'wait.condition': { glyph: '⏳', summary: (node) => `Until ${conditionSummary(node.config.condition)}, up to ${humanDuration(node.config.timeout)}` },
  'wait.window': { glyph: '🕘', summary: (node) => `${weekdays(node.config.days)} ${node.config.start}–${node.config.end}` },
  'branch.condition': { glyph: '◇', summary: (node) => `If ${conditionSummary(node.config.condition)}` },
  'branch.switch': { glyph: '☰', summary: (node) => `${node.config.cases.length} case${node.config.cases.length === 1 ? '' : 's'} + otherwise` },
  'branch.split': { glyph: '⚖', summary: (node) => `Split ${node.config.variants.map((v) => v.percent).join('/')}` },
  'action.email': { glyph: '✉', summary: (node, scenario) => `Email: ${templateName(scenario, node.config.template)}` },
  'action.sms': { glyph: '💬', summary: (node, scenario) => `SMS: ${templateName(scenario, node.config.template)}` },
  'action.push': { glyph: '🔔', summary: (node, scenario) => `Push: ${templateName(scenario, node.config.template)}` },
  'action.webhook': { glyph: '⇄', summary: (node) => `${node.config.method ?? 'POST'} ${hostOf(node.config.url)}` },
  'action.task': {
    glyph: '☎',
    summary: (node) => `${node.config.kind.charAt(0).toUpperCase()}${node.config.kind.slice(1)} task${node.config.team ? ` for ${node.config.team}` : ''}: ${node.config.title || '?'}`,
  },
  'action.attribute': {
    glyph: '✎',
    summary: (node) => (node.config.op === 'unset' ? `Unset ${node.config.attribute || '?'}` : `Set ${node.config.attribute || '?'} = ${show(node.config.value)}`),
  },
  'action.score': { glyph: '±', summary: (node) => `${node.config.attribute || 'score'} ${node.config.delta >= 0 ? '+' : ''}${node.config.delta}` },
  'action.list': { glyph: '≡', summary: (node) => `${node.config.op === 'remove' ? 'Remove from' : 'Add to'} ${node.config.list || '?'}` },
  'action.scenario': { glyph: '↪', summary: (node) => `Start ${node.config.scenario || '?'}` },
  'flow.goal': {
    glyph: '★',
    summary: (node) =>
      node.config.event
        ? `Converts when ${node.config.event} happens`
        : node.config.condition
          ? 'Converts when its condition holds'
          : 'Converts when reached from an event or condition that happened',
  },
  'flow.exit': { glyph: '⏹', summary: () => 'End of journey' },
};

/** The canvas summary of any node. */
export function nodeSummary(node: ScenarioNode, scenario: Templates): string {
  // The node's own type picks its visual; TypeScript cannot pair the two through a union.
  return (NODE_VISUALS[node.type] as NodeVisual<NodeType>).summary(node as never, scenario);
}
