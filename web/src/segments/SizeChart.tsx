import { useQuery } from '@tanstack/react-query';
import type { SegmentAnswer } from '@parcours/shared';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';

const MARGIN = { top: 8, right: 16, bottom: 0, left: 0 };

/** A saved segment's size at the end of each of the last 30 days (UTC), as the server keeps it. */
export function SizeChart({ segment }: { segment: SegmentAnswer }) {
  const { t } = useTranslation();
  const sizes = useQuery({ queryKey: ['segment-sizes', segment.id, segment.size], queryFn: () => api.segmentSizes(segment.id) });
  const title = t('segmentsPage.chart.title');
  return (
    <figure className="card segment-sizes" aria-label={title} data-testid="segment-size-chart">
      <figcaption className="strong">{title}</figcaption>
      {sizes.error && <div className="callout error">{describeError(sizes.error)}</div>}
      {sizes.data && (
        <ResponsiveContainer width="100%" height={200}>
          <LineChart data={sizes.data.days} margin={MARGIN}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={48} />
            <Tooltip />
            <Line type="stepAfter" dataKey="size" name={t('segmentsPage.chart.size')} stroke="#2563eb" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </figure>
  );
}
