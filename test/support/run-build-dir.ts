import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where this run's test files share their builds (the web app, the server and CLI bundles): see shared-build.ts. */
    runBuildDir: string;
  }
}

/**
 * vitest global setup: a directory for the run's builds. Nothing is built here, so a run that needs no build pays
 * nothing; the directory goes at the end of the run.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'parcours-test-run-'));
  project.provide('runBuildDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
