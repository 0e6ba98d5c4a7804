import type { z } from 'zod';

export interface Issue {
  path: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
}

/** An error the API answers with its own status and body: `{ error: { code, message, issues? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
  }
}

/** ["nodes", 2, "config", "duration"] → "nodes[2].config.duration". */
export function formatPath(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  let text = prefix;
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text ? `.${String(part)}` : String(part);
  }
  return text;
}

export function issuesOf(error: z.ZodError, prefix = ''): Issue[] {
  return error.issues.flatMap((issue) =>
    // An unknown field is named by its own path, not its parent's.
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], prefix), message: 'is not a known field' }))
      : [{ path: formatPath(issue.path, prefix), message: issue.message }],
  );
}

/** A zod failure on a request part, as a 400 naming every bad field. */
export function badRequest(error: z.ZodError, where: string): ApiError {
  const issues = issuesOf(error);
  const first = issues[0];
  const message = first ? `invalid ${where}: ${first.path ? `${first.path}: ` : ''}${first.message}` : `invalid ${where}`;
  return new ApiError(400, 'invalid_request', message, issues);
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

export const errorBody = (e: ApiError) => ({
  error: { code: e.code, message: e.message, ...(e.issues ? { issues: e.issues } : {}) },
});
