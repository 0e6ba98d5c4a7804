import { CliError, EXIT_FAILED } from '../errors.ts';
import { checkScenarioFile } from '../io/scenario-file.ts';
import type { Output } from '../output.ts';

/** `parcours validate FILE...`: `FILE: ok` per valid file, one located line per error; exit 0, 1 (invalid) or 2 (unreadable). */
export function validateCommand(files: string[], out: Output): number {
  let exitCode = 0;
  for (const file of files) {
    try {
      const check = checkScenarioFile(file);
      if (check.ok) out.log(`${file}: ok`);
      else {
        check.lines.forEach((line) => out.error(line));
        exitCode = Math.max(exitCode, EXIT_FAILED);
      }
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      error.lines.forEach((line) => out.error(line));
      exitCode = Math.max(exitCode, error.exitCode);
    }
  }
  return exitCode;
}
