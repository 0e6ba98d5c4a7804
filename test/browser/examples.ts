import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, type RunningServer } from './harness.ts';

/** A scenario as the browser tests read and change it. */
export type ExampleScenario = {
  id: string;
  name: string;
  templates: Array<Record<string, string>>;
  nodes: Array<{ id: string; config: Record<string, unknown> }>;
  edges: unknown[];
};

/** The welcome example under another id and name, its first email's subject replaced. */
export function welcomeVariant(id: string, name: string, subject: string): ExampleScenario {
  const s = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8')) as ExampleScenario;
  s.id = id;
  s.name = name;
  s.templates[0].subject = subject;
  return s;
}

/** Seeds a server with the welcome example as a draft (an openApp `seed`). */
export async function seedWelcome(server: RunningServer): Promise<void> {
  const welcome = JSON.parse(readFileSync(join(REPO, 'scenarios/welcome.json'), 'utf8'));
  const created = await server.api('POST', '/scenarios/import', welcome);
  if (created.status !== 201) throw new Error(`could not create the scenario: ${JSON.stringify(created.body)}`);
}
