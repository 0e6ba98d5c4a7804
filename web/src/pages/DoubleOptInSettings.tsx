import { DOUBLE_OPT_IN_CHANNELS, DoubleOptInSettings as DoubleOptInSchema, type DoubleOptInSettings as Settings } from '@parcours/shared';
import { api } from '../api/client.ts';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { useTranslation } from '../i18n/index.ts';
import { SchemaSettingsSection } from './SchemaSettingsSection.tsx';

/** Per channel, whether a new consent waits for the contact's confirmation (an email link, a keyword replied by text). */
export function DoubleOptInSettings() {
  const { t } = useTranslation();
  const words = {
    title: t('optin.title'),
    intro: t('optin.intro'),
    save: t('optin.save'),
    saving: t('optin.saving'),
    unsaved: t('optin.unsaved'),
    discard: t('optin.discard'),
    notSaved: t('optin.notSaved'),
  };
  const labels = {
    email: t('optin.labels.email'),
    sms: t('optin.labels.sms'),
    smsKeywords: t('optin.labels.smsKeywords'),
    confirm: t('optin.labels.confirm'),
    stop: t('optin.labels.stop'),
    linkTtlDays: t('optin.labels.linkTtlDays'),
  };
  const status = (settings: Settings) => {
    const on = DOUBLE_OPT_IN_CHANNELS.filter((channel) => settings[channel]).map((channel) => labels[channel]);
    return on.length === 0 ? t('optin.statusOff') : t('optin.statusOn', { channels: on.join(', ') });
  };
  return (
    <SchemaSettingsSection<Settings>
      name="double-opt-in"
      queryKey={['settings', 'double-opt-in']}
      load={api.doubleOptIn}
      store={api.saveDoubleOptIn}
      schema={DoubleOptInSchema as unknown as ZodLike}
      words={words}
      labels={labels}
      status={status}
    />
  );
}
