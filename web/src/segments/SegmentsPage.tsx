import { useTranslation } from '../i18n/index.ts';
import { useCan } from '../people/session.ts';
import { href, navigate } from '../router.ts';
import { SegmentEditor } from './SegmentEditor.tsx';
import { SegmentSize } from './SegmentSize.tsx';
import { useSegments } from './queries.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';

/** `#/segments/new` opens the builder on a segment not saved yet. */
export const NEW_SEGMENT = 'new';

/** Saved segments: the list with their sizes, and the selected one's builder, members and size over time. */
export function SegmentsPage(props: { id?: string }) {
  const { t } = useTranslation();
  const list = useSegments();
  // Saving a segment starts journeys on it: a publisher's act (server/src/http/access.ts).
  const mayWrite = useCan()('publisher');
  const selected = props.id && props.id !== NEW_SEGMENT ? list.data?.items.find((s) => s.id === props.id) : undefined;
  return (
    <div className="page split segments">
      <section className="list-pane">
        <header className="page-head">
          <div>
            <h1>{t('segmentsPage.title')}</h1>
            <p className="muted">{t('segmentsPage.intro')}</p>
          </div>
          {mayWrite && (
            <button type="button" className="primary" onClick={() => navigate({ page: 'segments', id: NEW_SEGMENT })}>
              {t('segmentsPage.new')}
            </button>
          )}
        </header>
        <QueryStatus query={list} />
        {list.data?.items.length === 0 && <p className="empty">{t('segmentsPage.empty')}</p>}
        {list.data && list.data.items.length > 0 && (
          <ul className="pick-list" aria-label={t('segmentsPage.list')}>
            {list.data.items.map((s) => (
              <li key={s.id}>
                <a href={href({ page: 'segments', id: s.id })} className={props.id === s.id ? 'active' : ''} data-testid="segment-row">
                  <strong>{s.name}</strong>
                  <SegmentSize segment={s} />
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="detail-pane">
        {props.id === NEW_SEGMENT ? (
          <SegmentEditor key={NEW_SEGMENT} />
        ) : selected ? (
          <SegmentEditor key={selected.id} segment={selected} />
        ) : (
          <p className="empty">{props.id && list.data ? t('segmentsPage.notFound') : t('segmentsPage.pick')}</p>
        )}
      </section>
    </div>
  );
}
