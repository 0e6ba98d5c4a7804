import { Settings } from '@parcours/shared';
import { useEditor } from '../store.ts';
import { errorsUnder, type Problems } from '../validation.ts';
import { SchemaForm } from './SchemaForm.tsx';
import type { ZodLike } from './zodShape.ts';

/** Scenario-wide settings (re-entry, exit events, goal, caps, quiet hours, consent), generated from the schema. */
export function SettingsPanel(props: { problems: Problems }) {
  const scenario = useEditor((s) => s.scenario)!;
  const readOnly = useEditor((s) => s.readOnly);
  const rename = useEditor((s) => s.rename);
  const updateSettings = useEditor((s) => s.updateSettings);
  const describe = useEditor((s) => s.describe);
  return (
    <div className="panel-section" data-testid="settings-panel">
      <h2>Scenario</h2>
      <div className="field">
        <label htmlFor="scenario-name">Name</label>
        <input id="scenario-name" type="text" readOnly={readOnly} value={scenario.name} onChange={(e) => rename(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="scenario-description">Description</label>
        <textarea id="scenario-description" rows={2} readOnly={readOnly} value={scenario.description ?? ''} onChange={(e) => describe(e.target.value)} />
      </div>
      <p className="muted">
        Marketing pressure: frequency caps and quiet hours below apply to every message of this scenario, on top of the global ones.
      </p>
      <SchemaForm
        schema={Settings as unknown as ZodLike}
        value={scenario.settings}
        onChange={(v) => updateSettings(v as Settings)}
        context={{ errors: errorsUnder(props.problems.errors, ['settings']), readOnly }}
      />
    </div>
  );
}
