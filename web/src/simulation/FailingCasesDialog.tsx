import { ApiError, type ApiIssue } from '../api/errors.ts';

/** The failing saved cases a refused publish names (422 `cases_failed`, one issue per case); null for any other error. */
export function failingCasesOf(error: unknown): ApiIssue[] | null {
  return error instanceof ApiError && error.status === 422 && error.code === 'cases_failed' ? error.issues : null;
}

/** Publishing was refused because saved test cases fail: which ones and why, and the way to publish anyway. */
export function FailingCasesDialog(props: { issues: ApiIssue[]; onPublishAnyway: () => void; onClose: () => void }) {
  const count = props.issues.length;
  return (
    <div className="modal-backdrop" onClick={props.onClose}>
      <div className="modal card" role="alertdialog" aria-label="Test cases fail" onClick={(e) => e.stopPropagation()}>
        <h3>
          {count} saved test case{count > 1 ? 's' : ''} fail{count > 1 ? '' : 's'}
        </h3>
        <p>The draft no longer does what these cases expect. Fix the journey or update the cases (Simulate → Test cases), or publish anyway.</p>
        <ul className="issues" data-testid="failing-cases">
          {props.issues.map((issue, i) => (
            <li key={i}>{issue.message}</li>
          ))}
        </ul>
        <div className="row">
          <button type="button" className="danger" onClick={props.onPublishAnyway}>
            Publish anyway
          </button>
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
