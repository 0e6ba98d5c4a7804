import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * One build per test run, shared by the test files that need it (they may run in parallel workers): the first to
 * take the build's lock (an atomic mkdir) builds it into `<run dir>/<name>` and marks it done, or failed with the
 * reason; the others wait for the mark. Returns the build's directory.
 */
export async function sharedBuild(name: string, build: (outDir: string) => Promise<unknown>): Promise<string> {
  const runDir = join(inject('runBuildDir'), name);
  mkdirSync(runDir, { recursive: true });
  const out = join(runDir, 'out');
  const [done, failed] = [join(runDir, 'done'), join(runDir, 'failed')];
  try {
    mkdirSync(join(runDir, 'lock'));
  } catch {
    for (let waited = 0; !existsSync(done); waited += 100) {
      if (existsSync(failed)) throw new Error(`the ${name} build failed in another test file: ${readFileSync(failed, 'utf8')}`);
      if (waited > 300_000) throw new Error(`the ${name} build did not end within 5 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return out;
  }
  try {
    await build(out);
    writeFileSync(done, '');
    return out;
  } catch (error) {
    writeFileSync(failed, String(error));
    throw error;
  }
}
