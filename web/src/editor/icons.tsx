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

/** The minimap button of the canvas controls: a frame with a smaller one inside (sized by React Flow's control CSS). */
export function MinimapIcon() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true">
      <path d="M2 5h28v22H2zm3 3v16h22V8zm11 7h8v6h-8z" fillRule="evenodd" />
    </svg>
  );
}
