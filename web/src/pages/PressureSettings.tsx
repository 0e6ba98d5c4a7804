import { Settings, type GlobalPolicy } from '@parcours/shared';
import { api } from '../api/client.ts';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { formatWhen } from '../ui/format.ts';
import { i18n, useTranslation } from '../i18n/index.ts';
import { SchemaSettingsSection } from './SchemaSettingsSection.tsx';

// The same fields as a scenario's own caps and quiet hours, so the form is generated from the shared schema.
const POLICY_SCHEMA = Settings.pick({ frequencyCaps: true, quietHours: true }) as unknown as ZodLike;

/** The operator's frequency caps and quiet hours, over every scenario (on top of each scenario's own). */
export function PressureSettings() {
  const { t } = useTranslation();
  const words = {
    title: t('pressure.title'),
    intro: t('pressure.intro'),
    save: t('pressure.save'),
    saving: t('pressure.saving'),
    unsaved: t('pressure.unsaved'),
    discard: t('pressure.discard'),
    notSaved: t('pressure.notSaved'),
  };
  return (
    <SchemaSettingsSection<GlobalPolicy>
      name="pressure"
      queryKey={['settings', 'pressure']}
      load={api.pressurePolicy}
      store={api.savePressurePolicy}
      schema={POLICY_SCHEMA}
      words={words}
      status={(policy, savedAt) => `${savedAt ? t('pressure.savedAt', { when: formatWhen(savedAt) }) : t('pressure.saved')} · ${summary(policy)}`}
    />
  );
}

/** "2 caps, quiet 21:00–08:00": what is in force, in a few words. */
function summary(policy: GlobalPolicy): string {
  const caps = policy.frequencyCaps.length === 0 ? i18n.t('pressure.noCap') : i18n.t('pressure.caps', { count: policy.frequencyCaps.length });
  const quiet = policy.quietHours ? i18n.t('pressure.quiet', { start: policy.quietHours.start, end: policy.quietHours.end }) : i18n.t('pressure.noQuiet');
  return i18n.t('pressure.summary', { caps, quiet });
}
