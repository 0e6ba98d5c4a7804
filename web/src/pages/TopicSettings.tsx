import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { sameJson, TopicSettings as TopicSettingsSchema, type TopicSettings as Topics } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { SchemaForm } from '../editor/panel/SchemaForm.tsx';
import type { ZodLike } from '../editor/panel/zodShape.ts';
import { useTranslation } from '../i18n/index.ts';
import { fieldErrorsOf } from './PressureSettings.tsx';

/** The query the topics live under: the settings page edits them, the message node's panel offers them. */
export const TOPICS_QUERY = ['settings', 'topics'] as const;

/** The topics contacts choose from on their preference centre, each on its channels; the form is generated from the shared schema. */
export function TopicSettings() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stored = useQuery({ queryKey: TOPICS_QUERY, queryFn: api.topics });
  const [draft, setDraft] = useState<Topics | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (stored.data && draft === null) setDraft(stored.data);
  }, [stored.data, draft]);
  const save = useMutation({
    mutationFn: (settings: Topics) => api.saveTopics(settings),
    onSuccess: (result) => {
      queryClient.setQueryData(TOPICS_QUERY, result);
      setDraft(result);
      setSaved(true);
    },
  });
  const errors = useMemo(() => fieldErrorsOf(save.error), [save.error]);
  const changed = draft !== null && stored.data !== undefined && !sameJson(draft, stored.data);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft) save.mutate(draft);
  };
  return (
    <section className="settings-section" aria-labelledby="topics-title">
      <h2 id="topics-title">{t('topicSettings.title')}</h2>
      <p className="muted">{t('topicSettings.intro')}</p>
      {stored.isLoading && <p className="loading">{t('common.loading')}</p>}
      {stored.error && <div className="callout error">{describeError(stored.error)}</div>}
      {draft && (
        <form className="card" onSubmit={submit} aria-label={t('topicSettings.title')} data-testid="topics-form">
          <SchemaForm schema={TopicSettingsSchema as unknown as ZodLike} value={draft} onChange={(v) => setDraft(v as Topics)} context={{ errors }} />
          {save.error && (
            <div className="callout error" role="alert">
              {errors.size > 0 ? t('topicSettings.notSaved') : describeError(save.error)}
            </div>
          )}
          <div className="row">
            <button type="submit" className="primary" disabled={!changed || save.isPending}>
              {save.isPending ? t('topicSettings.saving') : t('topicSettings.save')}
            </button>
            {changed ? (
              <>
                <span className="muted">{t('topicSettings.unsaved')}</span>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    save.reset();
                    setDraft(stored.data!);
                  }}
                >
                  {t('topicSettings.discard')}
                </button>
              </>
            ) : (
              <span className="muted" role="status">
                {saved ? t('topicSettings.savedCount', { count: draft.topics.length }) : t('topicSettings.saved')}
              </span>
            )}
          </div>
        </form>
      )}
    </section>
  );
}
