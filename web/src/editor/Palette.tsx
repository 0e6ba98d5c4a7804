import { useState, type DragEvent } from 'react';
import { NODE_CATALOGUE, NODE_TYPES, type NodeFamily, type NodeType } from '@parcours/shared';
import { FamilyIcon } from './icons.tsx';
import { PALETTE_MIME } from './Canvas.tsx';

const FAMILIES: { family: NodeFamily; title: string }[] = [
  { family: 'entry', title: 'Triggers' },
  { family: 'wait', title: 'Waits' },
  { family: 'branch', title: 'Branches' },
  { family: 'action', title: 'Actions' },
  { family: 'flow', title: 'Goals & exits' },
];

/** Every node type, grouped by family, to drag onto the canvas (or add with Enter / double-click). */
export function Palette(props: { onAdd: (type: NodeType) => void; disabled?: boolean }) {
  const [filter, setFilter] = useState('');
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = NODE_TYPES.filter((t) => {
    const text = `${NODE_CATALOGUE[t].title} ${NODE_CATALOGUE[t].description} ${t}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
  const onDragStart = (e: DragEvent, type: NodeType) => {
    e.dataTransfer.setData(PALETTE_MIME, type);
    e.dataTransfer.effectAllowed = 'copy';
  };
  return (
    <aside className="palette" aria-label="Node palette">
      <input type="search" className="palette-filter" aria-label="Find a step" placeholder="Find a step…" value={filter} onChange={(e) => setFilter(e.target.value)} />
      {shown.length === 0 && <p className="empty small">No step matches “{filter}”.</p>}
      {FAMILIES.filter(({ family }) => shown.some((t) => NODE_CATALOGUE[t].family === family)).map(({ family, title }) => (
        <section key={family}>
          <h3>{title}</h3>
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
              title={NODE_CATALOGUE[type].description}
              data-type={type}
            >
              <FamilyIcon type={type} />
              <span>{NODE_CATALOGUE[type].title}</span>
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
