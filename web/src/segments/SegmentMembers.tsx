import { useQuery } from '@tanstack/react-query';
import type { SegmentAnswer } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { href } from '../router.ts';
import { formatNumber, formatWhen } from '../ui/format.ts';

/** Members shown on the page: a sample, the export has them all. */
const SHOWN = 20;

/** The first members of a saved segment, each linked to the contact, with since when they are in. */
export function SegmentMembers({ segment }: { segment: SegmentAnswer }) {
  const { t } = useTranslation();
  // Asked again as the size moves (a computation in progress, a contact entering).
  const members = useQuery({ queryKey: ['segment-members', segment.id, segment.size, segment.updatedAt], queryFn: () => api.segmentMembers(segment.id, SHOWN) });
  return (
    <section className="segment-members">
      <h3>{t('segmentsPage.members.title')}</h3>
      {members.error && <div className="callout error">{describeError(members.error)}</div>}
      {members.data?.items.length === 0 && <p className="empty">{t('segmentsPage.members.empty')}</p>}
      {members.data && members.data.items.length > 0 && (
        <>
          <table className="table" aria-label={t('segmentsPage.members.title')}>
            <thead>
              <tr>
                <th>{t('segmentsPage.members.contact')}</th>
                <th>{t('segmentsPage.members.since')}</th>
              </tr>
            </thead>
            <tbody>
              {members.data.items.map((m) => (
                <tr key={m.id} data-testid="segment-member">
                  <td>
                    <a href={href({ page: 'contacts', id: m.id })}>{m.id}</a>
                  </td>
                  <td className="muted">{formatWhen(m.enteredAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {members.data.next && <p className="muted small">{t('segmentsPage.members.shown', { shown: formatNumber(SHOWN) })}</p>}
        </>
      )}
    </section>
  );
}
