import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './harness.ts';

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
