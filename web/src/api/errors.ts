import { ErrorAnswerSchema, formatPath, type Issue, type ValidationError } from '@parcours/shared';
import { i18n } from '../i18n/index.ts';
import { problemText } from '../i18n/problems.ts';

/**
 * One located problem: an issue of a 4xx answer (its shape is the shared IssueSchema), e.g.
 * `{ path: ["nodes", 2, "config", "duration"], message: "...", nodeId: "wait1" }`, or one the local validator found.
 */
export type ApiIssue = Issue | ValidationError;

/** A failed API call: an HTTP error answer, or no answer at all (`status` 0: the server is unreachable). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: ApiIssue[];

  constructor(status: number, code: string, message: string, issues: ApiIssue[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.issues = issues;
  }

  get offline(): boolean {
    return this.status === 0;
  }
}

/**
 * Turns any answer body into an ApiError: the API's error answer (the shared Error schema) with its
 * code, message and located issues, or, for anything else (a proxy's HTML page), a generic one.
 */
export function errorFromBody(status: number, body: unknown): ApiError {
  const parsed = ErrorAnswerSchema.safeParse(body);
  if (!parsed.success) return new ApiError(status, `http_${status}`, defaultMessage(status));
  const { code, message, issues = [] } = parsed.data.error;
  return new ApiError(status, code, message || defaultMessage(status), issues);
}

function defaultMessage(status: number): string {
  if (status === 401) return i18n.t('errors.unauthorized');
  if (status === 403) return i18n.t('errors.forbidden');
  if (status === 404) return i18n.t('errors.notFound');
  if (status === 409) return i18n.t('errors.conflict');
  if (status >= 500) return i18n.t('errors.server', { status });
  return i18n.t('errors.refused', { status });
}

/** A sentence a person can read: the message plus its located issues. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.offline) return i18n.t('errors.offline');
    if (error.issues.length === 0) return error.message;
    const lines = error.issues.slice(0, 5).map((i) => (i.path?.length ? i18n.t('errors.issue', { path: formatPath(i.path), message: problemText(i) }) : problemText(i)));
    const more = error.issues.length > 5 ? i18n.t('errors.more', { count: error.issues.length - 5 }) : '';
    return i18n.t('errors.withIssues', { message: error.message, issues: lines.join(i18n.t('errors.separator')), more });
  }
  return error instanceof Error ? error.message : String(error);
}
