import { useEffect, useState } from 'react';
import { Settings } from '@parcours/shared';
import { useEditor } from '../store.ts';
import { errorsUnder, type Problems } from '../validation.ts';
import { SchemaForm } from './SchemaForm.tsx';
import { useTranslation } from '../../i18n/index.ts';
import type { ZodLike } from './zodShape.ts';

/** Scenario-wide settings (re-entry, exit events, goal, caps, quiet hours, consent), generated from the schema. */
export function SettingsPanel(props: { problems: Problems }) {
  const { t } = useTranslation();
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const rename = useEditor((s) => s.rename);
  const updateSettings = useEditor((s) => s.updateSettings);
  const describe = useEditor((s) => s.describe);
  return (
    <div className="panel-section" data-testid="settings-panel">
      <h2>{t('settingsPanel.title')}</h2>
      <NameField name={scenario.name} readOnly={readOnly} onRename={rename} />
      <div className="field">
        <label htmlFor="scenario-description">{t('settingsPanel.description')}</label>
        <textarea id="scenario-description" rows={2} readOnly={readOnly} value={scenario.description ?? ''} onChange={(e) => describe(e.target.value)} />
      </div>
      <p className="muted">{t('settingsPanel.pressure')}</p>
      <SchemaForm
        schema={Settings as unknown as ZodLike}
        value={scenario.settings}
        onChange={(v) => updateSettings(v as Settings)}
        context={{ errors: errorsUnder(props.problems.errors, ['settings']), readOnly }}
      />
    </div>
  );
}

/**
 * The scenario's name. An empty name is never saved: the field keeps what was typed and says why under it, and
 * the scenario keeps its last name until a real one is typed.
 */
function NameField(props: { name: string; readOnly: boolean; onRename: (name: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(props.name);
  // Undo, redo or an import change the name from elsewhere.
  useEffect(() => setText((typed) => (typed.trim() === '' ? typed : props.name)), [props.name]);
  const empty = text.trim() === '';
  return (
    <div className="field">
      <label htmlFor="scenario-name">{t('settingsPanel.name')}</label>
      <input
        id="scenario-name"
        type="text"
        readOnly={props.readOnly}
        value={text}
        aria-invalid={empty}
        aria-describedby={empty ? 'scenario-name-error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') props.onRename(e.target.value);
        }}
      />
      {empty && (
        <div className="field-error" id="scenario-name-error" role="alert">
          {t('settingsPanel.nameRequired')}
        </div>
      )}
    </div>
  );
}
