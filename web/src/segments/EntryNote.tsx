import type { NodeOf } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { href } from '../router.ts';
import { formatNumber } from '../ui/format.ts';
import { useSegments } from './queries.ts';

/**
 * Under a saved segment entry's form: the picked segment's size now (partial while it is computed), a link to it, and
 * what "also enrol current members" does and does not do.
 */
export function EntryNote({ node }: { node: NodeOf<'entry.membership'> }) {
  const { t } = useTranslation();
  const segments = useSegments();
  const picked = segments.data?.items.find((s) => s.id === node.config.segment);
  return (
    <div className="field-hint segment-entry-note" data-testid="segment-entry-note">
      {picked && (
        <p>
          {picked.computing
            ? t('segmentsPage.entry.segmentComputing', { name: picked.name, size: formatNumber(picked.size) })
            : t('segmentsPage.entry.segmentNow', { name: picked.name, size: formatNumber(picked.size) })}{' '}
          <a href={href({ page: 'segments', id: picked.id })}>{t('segmentsPage.entry.open')}</a>
        </p>
      )}
      <p>{t('segmentsPage.entry.enrolNote')}</p>
    </div>
  );
}
