import { useState } from 'react';
import type { PathSegment, ProblemParams, Scenario } from '@parcours/shared';
import { NodeName } from '../ui/NodeName.tsx';
import { useTranslation } from '../i18n/index.ts';
import { nodeName } from '../i18n/nodes.ts';
import { problemText } from '../i18n/problems.ts';
import { locationOf, type Problems } from './validation.ts';

/** The scenario's validation errors; clicking one selects the node (or edge) at fault and centres it. */
export function ProblemsList(props: { scenario: Scenario; problems: Problems; onJump: (target: { node?: string; edge?: string }) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(true);
  const { errors, warnings } = props.problems;
  const nameOf = (id: string) => {
    const node = props.scenario.nodes.find((n) => n.id === id);
    return node && nodeName(node);
  };
  const item = (e: { nodeId?: string; path?: PathSegment[]; code: string; message: string; params?: ProblemParams }, i: number, kind: 'error' | 'warning') => {
    const at = locationOf(props.scenario, e);
    return (
      <li key={`${kind}-${i}`} className={kind}>
        <button type="button" className="link" onClick={() => props.onJump(at)} disabled={!at.node && !at.edge}>
          {kind === 'warning' && '⚠ '}
          {at.node && (
            <>
              <NodeName name={nameOf(at.node)} id={at.node} />
              {t('common.colon')}
            </>
          )}
          {problemText(e)}
        </button>
      </li>
    );
  };
  const head =
    errors.length > 0
      ? t('problems.head.errors', { count: errors.length })
      : warnings.length === 0
        ? t('problems.head.ready')
        : t('problems.head.warnings', { count: warnings.length });
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
