import { TopicSettings as TopicSettingsSchema, type TopicSettings as Topics } from '@parcours/shared';
import { api } from '../api/client.ts';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { useTranslation } from '../i18n/index.ts';
import { SchemaSettingsSection } from './SchemaSettingsSection.tsx';

/** The query the topics live under: the settings page edits them, the message node's panel offers them. */
export const TOPICS_QUERY = ['settings', 'topics'] as const;

/** The topics contacts choose from on their preference centre, each on its channels; the form is generated from the shared schema. */
export function TopicSettings() {
  const { t } = useTranslation();
  const words = {
    title: t('topicSettings.title'),
    intro: t('topicSettings.intro'),
    save: t('topicSettings.save'),
    saving: t('topicSettings.saving'),
    unsaved: t('topicSettings.unsaved'),
    discard: t('topicSettings.discard'),
    notSaved: t('topicSettings.notSaved'),
  };
  return (
    <SchemaSettingsSection<Topics>
      name="topics"
      queryKey={TOPICS_QUERY}
      load={api.topics}
      store={api.saveTopics}
      schema={TopicSettingsSchema as unknown as ZodLike}
      words={words}
      status={(settings, savedAt) => (savedAt ? t('topicSettings.savedCount', { count: settings.topics.length }) : t('topicSettings.saved'))}
    />
  );
}
