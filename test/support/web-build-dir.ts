import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's browser files share one build of the web app (built by the first that needs it). */
    webBuildDir: string;
  }
}

/**
 * vitest global setup: a directory for the run's one build of the web app. Nothing is built here, so a run without
 * browser files pays nothing; the directory goes at the end of the run.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-web-run-'));
  project.provide('webBuildDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
