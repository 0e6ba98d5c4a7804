import type { z } from 'zod';
import { SimulationError, formatPath, segmentsOf } from '@parcours/shared';
import { CasesFailed, Conflict, InvalidScenario, NotFound, NotLive, type Issue } from '../domain/errors.ts';

export type { Issue };

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** An error the API answers with its own status and body: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: Status,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.flatMap((issue) =>
    // An unknown field is named by its own path, not its parent's.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: segmentsOf([...issue.path, key]), message: 'is not a known field' }))
      : [{ path: segmentsOf(issue.path), message: issue.message }],
  );
}

/** A zod failure on a request part, as a 400 naming every bad field. */
export function badRequest(error: z.ZodError, where: string): ApiError {
  const issues = issuesOf(error);
  const first = issues[0];
  const message = first ? `invalid ${where}: ${first.path.length > 0 ? `${formatPath(first.path)}: ` : ''}${first.message}` : `invalid ${where}`;
  return new ApiError(400, 'invalid_request', message, issues);
}

/**
 * The one place a domain error gets its HTTP status and code. Anything else (a bug) is not an
 * ApiError: the caller answers 500.
 */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof NotFound) return new ApiError(404, 'not_found', error.message);
  if (error instanceof Conflict) return new ApiError(409, 'conflict', error.message);
  if (error instanceof NotLive) return new ApiError(409, 'not_live', error.message);
  if (error instanceof InvalidScenario) return new ApiError(422, error.code, error.message, error.issues);
  if (error instanceof CasesFailed) return new ApiError(422, 'cases_failed', error.message, error.issues);
  if (error instanceof SimulationError) return new ApiError(422, 'simulation_failed', error.message);
  return undefined;
}

export const errorBody = (e: ApiError) => ({
  error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) },
});
