import { useState } from 'react';
import { nodeName, type Scenario } from '@parcours/shared';
import { NodeName } from '../ui/NodeName.tsx';
import { locationOf, type Problems } from './validation.ts';

/** The scenario's validation errors; clicking one selects the node (or edge) at fault and centres it. */
export function ProblemsList(props: { scenario: Scenario; problems: Problems; onJump: (target: { node?: string; edge?: string }) => void }) {
  const [open, setOpen] = useState(true);
  const { errors } = props.problems;
  const nameOf = (id: string) => {
    const node = props.scenario.nodes.find((n) => n.id === id);
    return node && nodeName(node);
  };
  return (
    <div className={`problems ${errors.length ? 'has-errors' : 'ok'}`} data-testid="problems">
      <button type="button" className="problems-head" onClick={() => setOpen(!open)} aria-expanded={open}>
        {errors.length === 0 ? '✓ Ready to publish: no problems' : `⚠ ${errors.length} problem${errors.length > 1 ? 's' : ''} to fix before publishing`}
      </button>
      {open && errors.length > 0 && (
        <ul>
          {errors.map((e, i) => {
            const at = locationOf(props.scenario, e);
            return (
              <li key={i}>
                <button type="button" className="link" onClick={() => props.onJump(at)} disabled={!at.node && !at.edge}>
                  {at.node && <><NodeName name={nameOf(at.node)} id={at.node} />: </>}
                  {e.message}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
