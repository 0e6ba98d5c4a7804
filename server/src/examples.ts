import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath } from '@parcours/shared';
import type { Db } from './db/open.ts';
import { InvalidScenario } from './domain/errors.ts';
import { readMeta, writeMeta } from './store/meta.ts';
import { createScenario, parseScenarioBody, publish, scenarioExists } from './store/scenarios.ts';

const LOADED = 'examples_loaded';

/**
 * On the first start only, loads the example scenarios (dir/*.json) as drafts and publishes the
 * valid ones, so that a fresh install has live scenarios and counts to look at. Returns what it did.
 */
export function loadExamplesOnce(db: Db, dir: string, now: number): string[] {
  if (readMeta(db, LOADED) !== undefined) return [];
  const report: string[] = [];
  let files: string[] = [];
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
      .sort();
  } catch {
    report.push(`no example scenarios in ${dir}`);
  }
  const problem = (error: unknown) => {
    const issue = error instanceof InvalidScenario ? error.issues[0] : undefined;
    return issue && !(error as Error).message.includes(issue.message) ? `${(error as Error).message} (${formatPath(issue.path)}: ${issue.message})` : (error as Error).message;
  };
  for (const file of files) {
    let id: string;
    try {
      const scenario = parseScenarioBody(db, JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (scenarioExists(db, scenario.id)) continue;
      createScenario(db, scenario, now);
      id = scenario.id;
    } catch (error) {
      report.push(`${file}: skipped: ${problem(error)}`);
      continue;
    }
    try {
      report.push(`${file}: published ${id} v${publish(db, id, now).version}`);
    } catch (error) {
      report.push(`${file}: kept ${id} as a draft: ${problem(error)}`);
    }
  }
  writeMeta(db, LOADED, new Date(now).toISOString());
  return report;
}
