import { href } from '../router.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { CompareVersions } from '../review/CompareVersions.tsx';

export interface VersionInfo {
  version: number;
  publishedAt: string;
  note?: string;
  author?: string;
}

/** The scenario's published versions, newest first: when, by whom, and the note the publisher wrote; each opens on the canvas. */
export function HistoryPanel(props: { scenarioId: string; versions: VersionInfo[]; current?: number; onClose: () => void }) {
  const { t } = useTranslation();
  const versions = props.versions.slice().sort((a, b) => b.version - a.version);
  return (
    <aside className="card history-panel" aria-labelledby="history-title" data-testid="history">
      <header className="history-head">
        <h2 id="history-title">{t('history.title')}</h2>
        <button type="button" className="link" onClick={props.onClose} aria-label={t('common.dismiss')}>
          ×
        </button>
      </header>
      <CompareVersions scenarioId={props.scenarioId} versions={versions.map((v) => v.version)} />
      {versions.length === 0 ? (
        <p className="muted">{t('history.none')}</p>
      ) : (
        <ol className="history-list">
          {versions.map((v) => (
            <li key={v.version} data-version={v.version} aria-current={v.version === props.current ? 'true' : undefined}>
              <a href={href({ page: 'editor', id: props.scenarioId, version: v.version })}>{t('history.version', { version: v.version })}</a>{' '}
              <span className="muted">{t('history.published', { when: formatWhen(v.publishedAt), who: v.author ?? t('history.unknownAuthor') })}</span>
              {v.note ? <p className="history-note">{v.note}</p> : <p className="muted">{t('history.noNote')}</p>}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
