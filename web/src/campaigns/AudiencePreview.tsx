import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { href } from '../router.ts';
import { SegmentMembers } from '../segments/SegmentMembers.tsx';
import { SegmentSize } from '../segments/SegmentSize.tsx';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/** Who a campaign reaches if it ran now: its segment's size and first members (the segment routes' own answers). */
export function AudiencePreview({ segmentId }: { segmentId: string }) {
  const { t } = useTranslation();
  const segment = useQuery({ queryKey: ['segment', segmentId], queryFn: () => api.segment(segmentId), refetchInterval: (query) => (query.state.data?.computing ? 1000 : false) });
  return (
    <section className="campaign-preview" data-testid="campaign-preview">
      <h3>{t('campaigns.preview.title')}</h3>
      <QueryStatus query={segment} />
      {segment.data && (
        <>
          <p>
            <a href={href({ page: 'segments', id: segment.data.id })}>{segment.data.name}</a> <SegmentSize segment={segment.data} />
          </p>
          <p className="muted small">{t('campaigns.preview.hint')}</p>
          <SegmentMembers segment={segment.data} />
        </>
      )}
    </section>
  );
}
