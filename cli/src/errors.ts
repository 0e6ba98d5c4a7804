/** Exit codes: 1 when the input is readable but wrong (invalid scenario, failing case), 2 when it cannot be used at all. */
export const EXIT_FAILED = 1;
export const EXIT_UNUSABLE = 2;

/**
 * A problem with what the user gave the CLI: printed as is (already located, one line per problem), never
 * with a stack trace.
 */
export class CliError extends Error {
  readonly lines: string[];
  readonly exitCode: number;

  constructor(lines: string | string[], exitCode = EXIT_UNUSABLE) {
    const all = Array.isArray(lines) ? lines : [lines];
    super(all.join('\n'));
    this.lines = all;
    this.exitCode = exitCode;
  }
}
