import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { describeError } from '../api/errors.ts';
import { useCan } from '../people/session.ts';
import { href } from '../router.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { REVIEW_SETTINGS_QUERY, reviewApi } from './api.ts';

/**
 * Review before publishing, on the scenario's draft: the latest review (pending, with a link for publishers, or sent
 * back with the publisher's comment), and, when review is on, the way for an editor to ask for one with a note.
 */
export function ReviewBar(props: { scenarioId: string; beforeAsk: () => Promise<void> }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const settings = useQuery({ queryKey: REVIEW_SETTINGS_QUERY, queryFn: reviewApi.settings });
  const reviews = useQuery({ queryKey: ['scenario', props.scenarioId, 'reviews'], queryFn: () => reviewApi.ofScenario(props.scenarioId) });
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: async () => {
      await props.beforeAsk();
      return reviewApi.ask(props.scenarioId, note);
    },
    onSuccess: () => {
      setAsking(false);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['scenario', props.scenarioId, 'reviews'] });
      void queryClient.invalidateQueries({ queryKey: ['reviews'] });
    },
  });
  const latest = reviews.data?.items[0];
  // Publishers publish directly; review is how editors get a draft published.
  const mayAsk = settings.data?.required === true && can('editor') && !can('publisher');
  if (!mayAsk && latest?.status !== 'pending' && latest?.status !== 'sent_back') return null;
  return (
    <div className="banner info review-bar" data-testid="review-bar" role="status">
      {latest?.status === 'pending' && (
        <p>
          {latest.note
            ? t('review.bar.pending', { who: latest.requestedBy, when: formatWhen(latest.requestedAt), note: latest.note })
            : t('review.bar.pendingNoNote', { who: latest.requestedBy, when: formatWhen(latest.requestedAt) })}{' '}
          {can('publisher') ? <a href={href({ page: 'reviews', id: latest.id })}>{t('review.bar.open')}</a> : t('review.bar.waiting')}
        </p>
      )}
      {latest?.status === 'sent_back' && (
        <p data-testid="review-sent-back">{t('review.bar.sentBack', { who: latest.decidedBy ?? '', comment: latest.comment ?? '' })}</p>
      )}
      {mayAsk && !asking && (
        <button type="button" className="primary" onClick={() => setAsking(true)}>
          {latest?.status === 'pending' ? t('review.ask.again') : t('review.ask.button')}
        </button>
      )}
      {asking && (
        <form
          className="review-ask"
          onSubmit={(e) => {
            e.preventDefault();
            ask.mutate();
          }}
        >
          <label htmlFor="review-note">{t('review.ask.note')}</label>
          <textarea id="review-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('review.ask.notePlaceholder')} />
          <div className="row">
            <button type="submit" className="primary" disabled={ask.isPending}>
              {t('review.ask.send')}
            </button>
            <button type="button" onClick={() => setAsking(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {ask.error && (
        <div className="callout error" role="alert">
          {describeError(ask.error)}
        </div>
      )}
    </div>
  );
}
