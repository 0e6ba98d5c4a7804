import { useState, type DragEvent } from 'react';
import { NODE_CATALOGUE, NODE_TYPES, type NodeFamily, type NodeType } from '@parcours/shared';
import { FamilyIcon } from './icons.tsx';
import { PALETTE_MIME } from './Canvas.tsx';
import { useTranslation } from '../i18n/index.ts';
import { nodeDescription, nodeTitle } from '../i18n/nodes.ts';

const FAMILIES: NodeFamily[] = ['entry', 'wait', 'branch', 'action', 'flow'];

/** Every node type, grouped by family, to drag onto the canvas (or add with Enter / double-click). */
export function Palette(props: { onAdd: (type: NodeType) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = NODE_TYPES.filter((t) => {
    // Found by its words in either language and by its type, so "email" finds "Envoyer un e-mail" too.
    const text = `${nodeTitle(t)} ${nodeDescription(t)} ${NODE_CATALOGUE[t].title} ${t}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const onDragStart = (e: DragEvent, type: NodeType) => {
    e.dataTransfer.setData(PALETTE_MIME, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label={t('palette.label')}>
      <input type="search" className="palette-filter" aria-label={t('palette.find')} placeholder={t('palette.findPlaceholder')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.length === 0 && <p className="empty small">{t('palette.noMatch', { filter })}</p>}
      {FAMILIES.filter((family) => shown.some((type) => NODE_CATALOGUE[type].family === family)).map((family) => (
        <section key={family}>
          <h3>{t(`palette.family.${family}`)}</h3>
          {shown.filter((t) => NODE_CATALOGUE[t].family === family).map((type) => (
            <div
              key={type}
              className={`palette-item family-${family}`}
              draggable={!props.disabled}
              onDragStart={(e) => onDragStart(e, type)}
              onDoubleClick={() => !props.disabled && props.onAdd(type)}
              onKeyDown={(e) => e.key === 'Enter' && !props.disabled && props.onAdd(type)}
              tabIndex={0}
              role="button"
              aria-disabled={props.disabled}
              title={nodeDescription(type)}
              data-type={type}
            >
              <FamilyIcon type={type} />
              <span>{nodeTitle(type)}</span>
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
