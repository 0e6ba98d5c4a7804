import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { REVIEW_SETTINGS_QUERY, reviewApi } from './api.ts';

/** The workspace setting: whether editors ask for a review before publishing (admins change it, others read it). */
export function ReviewSettingsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: REVIEW_SETTINGS_QUERY, queryFn: reviewApi.settings });
  const save = useMutation({
    mutationFn: (required: boolean) => reviewApi.saveSettings({ required }),
    onSuccess: (saved) => queryClient.setQueryData(REVIEW_SETTINGS_QUERY, saved),
  });
  return (
    <section className="card" aria-labelledby="review-settings-title" data-testid="review-settings">
      <h2 id="review-settings-title">{t('review.settings.title')}</h2>
      <p className="muted">{t('review.settings.intro')}</p>
      <QueryStatus query={settings} />
      {settings.data && (
        <label className="switch">
          <input type="checkbox" checked={settings.data.required} disabled={save.isPending} onChange={(e) => save.mutate(e.target.checked)} /> {t('review.settings.label')}
        </label>
      )}
      {save.error && <div className="callout error">{describeError(save.error)}</div>}
    </section>
  );
}
