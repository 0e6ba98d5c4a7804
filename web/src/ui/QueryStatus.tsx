import { useTranslation } from '../i18n/index.ts';
import { describeError } from '../api/errors.ts';

/** What a list or settings query shows before its data: loading, or why it failed. */
export function QueryStatus({ query }: { query: { isLoading: boolean; error: unknown } }) {
  const { t } = useTranslation();
  if (query.isLoading) return <p className="loading">{t('common.loading')}</p>;
  return query.error ? <div className="callout error">{describeError(query.error)}</div> : null;
}
