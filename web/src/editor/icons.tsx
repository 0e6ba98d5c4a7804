import type { NodeType } from '@parcours/shared';

/** A small glyph per node type; plain text symbols keep the bundle free of an icon library. */
const GLYPHS: Record<NodeType, string> = {
  'entry.event': '⚡',
  'entry.segment': '◎',
  'entry.date': '📅',
  'entry.api': '⇥',
  'wait.delay': '⏱',
  'wait.until': '⏰',
  'wait.event': '⚑',
  'wait.condition': '⏳',
  'wait.window': '🕘',
  'branch.condition': '◇',
  'branch.switch': '☰',
  'branch.split': '⚖',
  'action.email': '✉',
  'action.sms': '💬',
  'action.push': '🔔',
  'action.webhook': '⇄',
  'action.attribute': '✎',
  'action.score': '±',
  'action.list': '≡',
  'action.scenario': '↪',
  'flow.goal': '★',
  'flow.exit': '⏹',
};

export function FamilyIcon({ type }: { type: NodeType }) {
  return (
    <span className="jicon" aria-hidden="true">
      {GLYPHS[type]}
    </span>
  );
}
