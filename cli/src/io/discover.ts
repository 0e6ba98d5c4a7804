import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.ts';

/** JSON files in a scenarios folder that are not scenarios (the JSON Schema sits next to them). */
const isScenarioFileName = (name: string) => name.endsWith('.json') && !name.endsWith('.schema.json');

/**
 * The scenario files named by `targets`: a file is taken as given (even a missing one, so that reading it
 * reports the problem); a directory contributes its `*.json` files, sorted, not recursing. A directory
 * without any is a mistake worth stopping for.
 */
export function scenarioFiles(targets: string[]): string[] {
  return targets.flatMap((target) => {
    let isDirectory = false;
    try {
      isDirectory = statSync(target).isDirectory();
    } catch {
      return [target];
    }
    if (!isDirectory) return [target];
    const names = readdirSync(target).filter(isScenarioFileName).sort();
    if (names.length === 0) throw new CliError(`${target}: no scenario files (*.json) in this directory`);
    return names.map((name) => join(target, name));
  });
}
