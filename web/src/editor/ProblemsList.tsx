import { useState } from 'react';
import type { PathSegment, ProblemParams, Scenario } from '@parcours/shared';
import { NodeName } from '../ui/NodeName.tsx';
import { i18n, useTranslation } from '../i18n/index.ts';
import { nodeName } from '../i18n/nodes.ts';
import { problemText } from '../i18n/problems.ts';
import { locationOf, type Problems } from './validation.ts';
import { humanKey } from './panel/zodShape.ts';

/**
 * The field a shape problem is about: its message only says what is wrong ("is required"), so the field's label
 * (as the node panel names it) goes before it. Other problems word their subject themselves.
 */
function shapeField(e: { code: string; path?: PathSegment[] }): string | undefined {
  if ((e.code !== 'invalid_shape' && e.code !== 'bad_duration') || !e.path) return undefined;
  const name = e.path.at(-1);
  if (typeof name !== 'string') return undefined;
  return i18n.exists(`form.label.${name}`) ? i18n.t(`form.label.${name}` as never) : humanKey(name);
}

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
    const field = shapeField(e);
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
          {field && (
            <>
              {field}
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
