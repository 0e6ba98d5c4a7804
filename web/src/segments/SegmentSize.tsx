import type { SegmentAnswer } from '@parcours/shared';
import { useTranslation } from '../i18n/index.ts';
import { formatNumber } from '../ui/format.ts';

/** A segment's size now; while its members are being computed the count is partial, so it reads as such, never as a final number. */
export function SegmentSize({ segment }: { segment: Pick<SegmentAnswer, 'size' | 'computing'> }) {
  const { t } = useTranslation();
  const size = formatNumber(segment.size);
  if (segment.computing) {
    return (
      <span className="chip" data-testid="segment-size" title={t('segmentsPage.computingHint', { size })}>
        {t('segmentsPage.computing')}
      </span>
    );
  }
  return (
    <span className="muted small" data-testid="segment-size">
      {t('segmentsPage.size', { size })}
    </span>
  );
}
