import { useTranslation } from '../i18n/index.ts';
import { ApiError, type ApiIssue } from '../api/errors.ts';

/** The failing saved cases a refused publish names (422 `cases_failed`, one issue per case); null for any other error. */
export function failingCasesOf(error: unknown): ApiIssue[] | null {
  return error instanceof ApiError && error.status === 422 && error.code === 'cases_failed' ? error.issues : null;
}

/** Publishing was refused because saved test cases fail: which ones and why, and the way to publish anyway. */
export function FailingCasesDialog(props: { issues: ApiIssue[]; onPublishAnyway: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const count = props.issues.length;
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div className="modal card" role="alertdialog"  aria-label={t('failing.label')} onClick={(e) => e.stopPropagation()}>
        <h3>
          {t('failing.title', { count })}
        </h3>
        <p>{t('failing.text')}</p>
        <ul className="issues" data-testid="failing-cases">
          {props.issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
        <div className="row">
          <button type="button" className="danger" onClick={props.onPublishAnyway}>
            {t('failing.anyway')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
