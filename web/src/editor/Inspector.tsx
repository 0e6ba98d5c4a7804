import { useEffect, useState } from 'react';
import type { Scenario } from '@parcours/shared';
import { useEditor } from './store.ts';
import type { Problems } from './validation.ts';
import { NodePanel } from './panel/NodePanel.tsx';
import { SettingsPanel } from './panel/SettingsPanel.tsx';
import { TemplatesPanel } from './panel/TemplatesPanel.tsx';
import { SimulationPanel } from '../simulation/SimulationPanel.tsx';

type Tab = 'node' | 'scenario' | 'templates' | 'simulate';
const TABS: { tab: Tab; label: string }[] = [
  { tab: 'node', label: 'Node' },
  { tab: 'scenario', label: 'Settings' },
  { tab: 'templates', label: 'Templates' },
  { tab: 'simulate', label: 'Simulate' },
];

/** The side panel: the selected node's form, the scenario's settings and templates, the simulator. */
export function Inspector(props: { scenario: Scenario; problems: Problems; scenarios?: { id: string; name: string }[] }) {
  const selection = useEditor((s) => s.selection);
  const nodeClicks = useEditor((s) => s.nodeClicks);
  const [tab, setTab] = useState<Tab>('node');
  const selectedId = selection.nodes.length === 1 ? selection.nodes[0] : null;
  const node = props.scenario.nodes.find((n) => n.id === selectedId);
  // Selecting or clicking a node shows its form (from the Templates tab too), unless a simulation is being looked at.
  useEffect(() => {
    if (selectedId) setTab((t) => (t === 'simulate' ? t : 'node'));
  }, [selectedId, nodeClicks]);
  return (
    <aside className="inspector" aria-label="Inspector">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button key={t.tab} type="button" role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'active' : ''} onClick={() => setTab(t.tab)}>
            {t.label}
          </button>
        ))}
      </div>
      <div className="inspector-body">
        {tab === 'node' &&
          (node ? (
            <NodePanel node={node} problems={props.problems} scenarios={props.scenarios} />
          ) : (
            <div className="panel-section empty-panel">
              <h2>{selection.nodes.length > 1 ? `${selection.nodes.length} nodes selected` : 'Nothing selected'}</h2>
              <p className="muted">
                {selection.nodes.length > 1
                  ? 'Move them together, copy them (Ctrl+C) or delete them (Del).'
                  : 'Click a node to configure it. Drag from a node’s bottom handle to another node to connect them.'}
              </p>
              <ul className="shortcuts">
                <li><kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo</li>
                <li><kbd>Ctrl</kbd>+<kbd>C</kbd> / <kbd>V</kbd> copy / paste · <kbd>Del</kbd> delete</li>
                <li><kbd>Shift</kbd>+drag to select several · <kbd>L</kbd> auto layout · <kbd>F</kbd> fit</li>
              </ul>
            </div>
          ))}
        {tab === 'scenario' && <SettingsPanel problems={props.problems} />}
        {tab === 'templates' && <TemplatesPanel problems={props.problems} />}
        {tab === 'simulate' && <SimulationPanel scenario={props.scenario} problems={props.problems} />}
      </div>
    </aside>
  );
}
