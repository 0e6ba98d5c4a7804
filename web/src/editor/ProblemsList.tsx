import { useState } from 'react';
import { nodeName, type PathSegment, type Scenario } from '@parcours/shared';
import { NodeName } from '../ui/NodeName.tsx';
import { locationOf, type Problems } from './validation.ts';

/** The scenario's validation errors; clicking one selects the node (or edge) at fault and centres it. */
export function ProblemsList(props: { scenario: Scenario; problems: Problems; onJump: (target: { node?: string; edge?: string }) => void }) {
  const [open, setOpen] = useState(true);
  const { errors, warnings } = props.problems;
  const nameOf = (id: string) => {
    const node = props.scenario.nodes.find((n) => n.id === id);
    return node && nodeName(node);
  };
  const item = (e: { nodeId?: string; path?: PathSegment[]; message: string }, i: number, kind: 'error' | 'warning') => {
    const at = locationOf(props.scenario, e);
    return (
      <li key={`${kind}-${i}`} className={kind}>
        <button type="button" className="link" onClick={() => props.onJump(at)} disabled={!at.node && !at.edge}>
          {kind === 'warning' && '⚠ '}
          {at.node && <><NodeName name={nameOf(at.node)} id={at.node} />: </>}
          {e.message}
        </button>
      </li>
    );
  };
  const head =
    errors.length > 0
      ? errors.length === 1
        ? '⚠ 1 problem to fix before publishing'
        : `⚠ ${errors.length} problems to fix before publishing`
      : warnings.length === 0
        ? '✓ Ready to publish: no problems'
        : warnings.length === 1
          ? '✓ Ready to publish, with 1 warning'
          : `✓ Ready to publish, with ${warnings.length} warnings`;
  return (
    <div className={`problems ${errors.length ? 'has-errors' : warnings.length ? 'has-warnings' : 'ok'}`} data-testid="problems">
      <button type="button" className="problems-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        {head}
      </button>
      {open && errors.length + warnings.length > 0 && (
        <ul>
          {errors.map((e, i) => item(e, i, 'error'))}
          {warnings.map((w, i) => item(w, i, 'warning'))}
        </ul>
      )}
    </div>
  );
}
