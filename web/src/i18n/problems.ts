import type { ProblemParams } from '@parcours/shared';
import { i18n } from './index.ts';

/** Codes whose message names nothing, so that they need no params. */
const PARAMLESS = new Set(['no_entry']);

/**
 * A problem from shared/ or the server in the interface's language: worded from its `code` and `params` when the
 * catalogue knows that code (and its `variant`), else the server's English `message`.
 */
export function problemText(problem: { code?: string; message: string; params?: ProblemParams }): string {
  // English is the message itself, as the CLI and the API word it (the catalogue's English is the keys' reference).
  if (i18n.language === 'en' || !problem.code || (!problem.params && !PARAMLESS.has(problem.code))) return problem.message;
  const { variant, ...params } = problem.params ?? {};
  const key = variant === undefined ? `problems.${problem.code}` : `problems.${problem.code}.${variant}`;
  // `key` is built from the server's data, so it is checked at run time rather than by the catalogue's types.
  if (!i18n.exists(key, params)) return problem.message;
  const text: unknown = i18n.t(key as never, { ...params, returnObjects: true } as never);
  return typeof text === 'string' ? text : problem.message;
}
