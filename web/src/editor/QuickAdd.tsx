import { useEffect, useRef } from 'react';
import { NODE_CATALOGUE, NODE_TYPES, type NodeType } from '@parcours/shared';
import { FamilyIcon } from './icons.tsx';
import { useDismiss } from '../ui/useDismiss.ts';
import { useTranslation } from '../i18n/index.ts';
import { nodeTitle } from '../i18n/nodes.ts';

export interface QuickAddAt {
  /** Where the menu opens, relative to the canvas box. */
  left: number;
  top: number;
}

/** Every type a journey can continue with: anything but a trigger. */
const NEXT_TYPES = NODE_TYPES.filter((t) => NODE_CATALOGUE[t].family !== 'entry');

/** The menu that opens where a dragged edge is dropped on empty canvas: pick the next step. */
export function QuickAdd(props: { at: QuickAddAt; onPick: (type: NodeType) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const { onClose } = props;
  useEffect(() => ref.current?.querySelector('button')?.focus(), []);
  useDismiss(ref, onClose);
  return (
    <div ref={ref} className="quick-add" style={{ left: props.at.left, top: props.at.top }} role="menu" aria-label={t('canvas.addNext')}>
      <div className="quick-add-title">{t('canvas.nextStep')}</div>
      {NEXT_TYPES.map((type) => (
        <button key={type} type="button" role="menuitem" className={`palette-item family-${NODE_CATALOGUE[type].family}`} onClick={() => props.onPick(type)}>
          <FamilyIcon type={type} />
          <span>{nodeTitle(type)}</span>
        </button>
      ))}
    </div>
  );
}
