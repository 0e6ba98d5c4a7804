import { useQuery } from '@tanstack/react-query';
import type { VersionRef } from '@parcours/shared';
import { href } from '../router.ts';
import { useTranslation } from '../i18n/index.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { reviewApi } from './api.ts';
import { DiffView } from './DiffView.tsx';

/** The words for a version reference: "version 3" or "the draft". */
export function useVersionName(): (ref: VersionRef) => string {
  const { t } = useTranslation();
  return (ref) => (ref === 'draft' ? t('review.compare.draft') : t('review.compare.version', { version: ref }));
}

/** The canvas in diff mode: what changed from one version to another (or to the draft), read-only. */
export function DiffPage(props: { id: string; from: VersionRef; to: VersionRef }) {
  const { t } = useTranslation();
  const versionName = useVersionName();
  const diff = useQuery({ queryKey: ['scenario', props.id, 'diff', props.from, props.to], queryFn: () => reviewApi.diff(props.id, props.from, props.to) });
  return (
    <div className="page diff-page">
      <header className="page-head">
        <h1>{t('review.diff.title', { from: versionName(props.from), to: versionName(props.to) })}</h1>
        <a href={href({ page: 'editor', id: props.id })}>{t('review.diff.back')}</a>
      </header>
      <QueryStatus query={diff} />
      {diff.data && <DiffView before={diff.data.before} after={diff.data.after} diff={diff.data.diff} />}
    </div>
  );
}
