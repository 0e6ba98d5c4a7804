import { formatValidationError, validateScenario, type Scenario } from '@parcours/shared';
import { CliError, EXIT_FAILED } from '../errors.ts';
import { readJsonFile } from './json-file.ts';

export type ScenarioCheck = { ok: true; scenario: Scenario } | { ok: false; lines: string[] };

/**
 * Reads and validates a scenario file: every error becomes a line `FILE: node <id>: <message>`.
 * An unreadable file or invalid JSON throws a CliError (exit 2).
 */
export function checkScenarioFile(file: string): ScenarioCheck {
  const result = validateScenario(readJsonFile(file));
  if (result.ok && result.scenario) return { ok: true, scenario: result.scenario };
  return { ok: false, lines: result.errors.map((error) => `${file}: ${formatValidationError(error)}`) };
}

/** A scenario that must be valid to be used (simulate): its errors are a failure (exit 1). */
export function loadValidScenario(file: string): Scenario {
  const check = checkScenarioFile(file);
  if (!check.ok) throw new CliError(check.lines, EXIT_FAILED);
  return check.scenario;
}
