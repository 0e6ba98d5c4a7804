import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Condition } from '@parcours/shared';
import { useDebounce } from 'use-debounce';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';

/** How long the builder waits after the last edit before counting again. */
const DEBOUNCE_MS = 400;

/**
 * Who matches the condition being edited, counted by the server as it is edited: exact on a small workspace, else an
 * estimate from a random sample, labelled as one with its margin. `undefined`: the condition is not complete yet.
 */
export function LiveCount({ condition }: { condition: Condition | undefined }) {
  const { t } = useTranslation();
  // The JSON text, so that an edit giving back the same condition asks nothing new.
  const [asked] = useDebounce(condition === undefined ? undefined : JSON.stringify(condition), DEBOUNCE_MS);
  const estimate = useQuery({
    queryKey: ['segment-estimate', asked],
    queryFn: () => api.estimateSegment(JSON.parse(asked!) as Condition),
    enabled: asked !== undefined,
    placeholderData: keepPreviousData,
  });
  const current = condition !== undefined && asked === JSON.stringify(condition) && !estimate.isPlaceholderData;
  const e = estimate.data;
  const numbers = e && { size: formatNumber(e.size), contacts: formatNumber(e.contacts), margin: formatNumber(e.margin), evaluated: formatNumber(e.evaluated) };
  return (
    <section className="card live-count" aria-live="polite" data-testid="live-count">
      <h3>{t('segmentsPage.live.title')}</h3>
      {condition === undefined ? (
        <p className="muted">{t('segmentsPage.live.incomplete')}</p>
      ) : estimate.error ? (
        <div className="callout error">{describeError(estimate.error)}</div>
      ) : (
        <>
          {numbers && (
            <p className={current ? 'strong' : 'muted'} data-testid="live-count-figure">
              {e.method === 'exact' ? t('segmentsPage.live.exact', numbers) : t('segmentsPage.live.estimate', numbers)}
            </p>
          )}
          {!current && <p className="muted small">{t('segmentsPage.live.counting')}</p>}
          {current && e && e.sample.length > 0 && (
            <div className="small" data-testid="live-count-sample">
              <div className="muted">{t('segmentsPage.live.sample')}</div>
              <div>{e.sample.map((c) => c.id).join(', ')}</div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
