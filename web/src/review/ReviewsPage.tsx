import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReviewDetail } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useCan } from '../people/session.ts';
import { href } from '../router.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { FailingCasesDialog, failingCasesOf } from '../simulation/FailingCasesDialog.tsx';
import { reviewApi } from './api.ts';
import { DiffView } from './DiffView.tsx';
import { InFlightChoice, type InFlightRequest } from '../move/InFlightChoice.tsx';

/** The reviews waiting for a publisher, or one review opened. */
export function ReviewsPage(props: { id?: number }) {
  return props.id === undefined ? <PendingReviews /> : <ReviewPage key={props.id} id={props.id} />;
}

function PendingReviews() {
  const { t } = useTranslation();
  const pending = useQuery({ queryKey: ['reviews', 'pending'], queryFn: () => reviewApi.list('pending') });
  return (
    <div className="page narrow">
      <header className="page-head">
        <h1>{t('review.list.title')}</h1>
      </header>
      <QueryStatus query={pending} />
      {pending.data?.items.length === 0 && <p className="muted">{t('review.list.none')}</p>}
      {pending.data && pending.data.items.length > 0 && (
        <table className="table" data-testid="pending-reviews">
          <thead>
            <tr>
              <th>{t('review.list.scenario')}</th>
              <th>{t('review.list.requestedBy')}</th>
              <th>{t('review.list.when')}</th>
              <th>{t('review.list.note')}</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.items.map((r) => (
              <tr key={r.id} data-review={r.id}>
                <td>
                  <a href={href({ page: 'reviews', id: r.id })}>{r.scenarioName}</a>
                </td>
                <td>{r.requestedBy}</td>
                <td>{formatWhen(r.requestedAt)}</td>
                <td>{r.note ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Where a review stands, in a sentence. */
function ReviewState({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation();
  if (review.status === 'approved') return <p className="callout">{t('review.page.approved', { who: review.decidedBy ?? '', version: review.publishedVersion ?? '' })}</p>;
  if (review.status === 'sent_back') return <p className="callout">{t('review.page.sentBack', { who: review.decidedBy ?? '', comment: review.comment ?? '' })}</p>;
  if (review.status === 'superseded') return <p className="callout">{t('review.page.superseded')}</p>;
  if (review.stale) {
    return (
      <p className="callout error" role="alert" data-testid="review-stale">
        {review.stale === 'draft_changed' ? t('review.page.staleDraft') : t('review.page.staleVersion')}
      </p>
    );
  }
  return null;
}

/** One review: what it changes over the version live at the request, on the canvas, and the publisher's decision. */
function ReviewPage(props: { id: number }) {
  const { t } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const review = useQuery({ queryKey: ['reviews', props.id], queryFn: () => reviewApi.get(props.id) });
  const data = review.data;
  const base = useQuery({
    queryKey: ['scenario', data?.scenarioId, 'version', data?.baseVersion],
    queryFn: () => api.version(data!.scenarioId, data!.baseVersion!),
    enabled: data !== undefined && data.baseVersion !== null,
    staleTime: Infinity,
  });
  const [comment, setComment] = useState('');
  const [failing, setFailing] = useState<ReturnType<typeof failingCasesOf>>(null);
  const [inFlight, setInFlight] = useState<InFlightRequest>();
  const decided = async () => {
    await queryClient.invalidateQueries({ queryKey: ['reviews'] });
    if (data) await queryClient.invalidateQueries({ queryKey: ['scenario', data.scenarioId] });
  };
  const approve = useMutation({
    mutationFn: (override: boolean) => reviewApi.approve(props.id, { override, ...inFlight }),
    onSuccess: decided,
    onError: (e) => setFailing(failingCasesOf(e)),
  });
  const sendBack = useMutation({ mutationFn: () => reviewApi.sendBack(props.id, comment), onSuccess: decided });
  const before = data && (data.baseVersion === null ? { ...data.snapshot, nodes: [], edges: [] } : base.data?.scenario);
  const decidable = data?.status === 'pending' && can('publisher');
  return (
    <div className="page review-page">
      <header className="page-head">
        <h1>{data ? t('review.page.title', { name: data.scenarioName }) : t('review.list.title')}</h1>
        <a href={href({ page: 'reviews' })}>{t('review.page.back')}</a>
      </header>
      <QueryStatus query={review} />
      {data && (
        <>
          <p>
            {t('review.page.asked', { who: data.requestedBy, when: formatWhen(data.requestedAt) })}{' '}
            <a href={href({ page: 'editor', id: data.scenarioId })}>{t('review.page.openScenario')}</a>
          </p>
          {data.note && <p className="history-note">{data.note}</p>}
          <ReviewState review={data} />
          {approve.data && <p className="banner ok" role="status">{t('review.page.published', { version: approve.data.version })}</p>}
          {decidable && !data.stale && <InFlightChoice scenarioId={data.scenarioId} onChange={setInFlight} />}
          {decidable && !data.stale && (
            <div className="review-decision row">
              <button type="button" className="primary" disabled={approve.isPending} onClick={() => approve.mutate(false)}>
                {t('review.page.approve')}
              </button>
              <label htmlFor="review-comment">{t('review.page.comment')}</label>
              <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
              <button type="button" disabled={sendBack.isPending || comment.trim() === ''} onClick={() => sendBack.mutate()}>
                {t('review.page.sendBack')}
              </button>
            </div>
          )}
          {[approve.error, sendBack.error].map(
            (error, i) =>
              error && !failingCasesOf(error) && (
                <div key={i} className="callout error" role="alert">
                  {describeError(error)}
                </div>
              ),
          )}
          {failing && (
            <FailingCasesDialog
              issues={failing}
              onPublishAnyway={() => {
                setFailing(null);
                approve.mutate(true);
              }}
              onClose={() => setFailing(null)}
            />
          )}
          {before && <DiffView before={before} after={data.snapshot} diff={data.diff} />}
        </>
      )}
    </div>
  );
}
