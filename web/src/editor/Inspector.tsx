import { useEffect, useState } from 'react';
import type { Scenario } from '@parcours/shared';
import { useEditor } from './store.ts';
import type { Problems } from './validation.ts';
import { NodePanel } from './panel/NodePanel.tsx';
import { SettingsPanel } from './panel/SettingsPanel.tsx';
import { TemplatesPanel } from './panel/TemplatesPanel.tsx';
import { SimulationPanel } from '../simulation/SimulationPanel.tsx';

import { Trans, useTranslation } from '../i18n/index.ts';

const TABS = ['node', 'scenario', 'templates', 'simulate'] as const;
type Tab = (typeof TABS)[number];

/** The side panel: the selected node's form, the scenario's settings and templates, the simulator. */
export function Inspector(props: { scenario: Scenario; problems: Problems; scenarios?: { id: string; name: string }[] }) {
  const { t } = useTranslation();
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
    <aside className="inspector" aria-label={t('inspector.label')}>
      <div className="tabs" role="tablist">
        {TABS.map((name) => (
          <button key={name} type="button" role="tab" aria-selected={tab === name} className={tab === name ? 'active' : ''} onClick={() => setTab(name)}>
            {t(`inspector.tab.${name}`)}
          </button>
        ))}
      </div>
      <div className="inspector-body">
        {tab === 'node' &&
          (node ? (
            <NodePanel node={node} problems={props.problems} scenarios={props.scenarios} />
          ) : (
            <div className="panel-section empty-panel">
              <h2>{selection.nodes.length > 1 ? t('inspector.selected', { count: selection.nodes.length }) : t('inspector.nothing')}</h2>
              <p className="muted">{selection.nodes.length > 1 ? t('inspector.several') : t('inspector.help')}</p>
              <ul className="shortcuts">
                <li><Trans i18nKey="inspector.keys.undo" components={{ k: <kbd /> }} /></li>
                <li><Trans i18nKey="inspector.keys.copy" components={{ k: <kbd /> }} /></li>
                <li><Trans i18nKey="inspector.keys.select" components={{ k: <kbd /> }} /></li>
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
