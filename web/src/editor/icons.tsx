import type { NodeType } from '@parcours/shared';
import { NODE_VISUALS } from './visuals.ts';

export function FamilyIcon({ type }: { type: NodeType }) {
  return (
    <span className="jicon" aria-hidden="true">
      {NODE_VISUALS[type].glyph}
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
