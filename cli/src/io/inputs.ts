import { describeIssues, formatPath } from '@parcours/shared';
import { CliError } from '../errors.ts';
import { readJsonFile } from './json-file.ts';

type Issues = Parameters<typeof describeIssues>[0];

/** Any zod schema from @parcours/shared, seen only through `safeParse` (the CLI does not use zod itself). */
interface Schema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: Issues } };
}

/** Checks `value` (read from `source`) against `schema`; each problem becomes a line `SOURCE: path: message`. */
export function parseInput<T>(schema: Schema<T>, value: unknown, source: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = describeIssues(parsed.error.issues, value).map((problem) => {
    const path = formatPath(problem.path);
    return `${source}: ${path ? `${path}: ` : ''}${problem.message}`;
  });
  throw new CliError(lines);
}

/** Reads a JSON file and checks it against `schema`. */
export const readInputFile = <T>(schema: Schema<T>, file: string): T => parseInput(schema, readJsonFile(file), file);
