import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleProgram } from '../../scripts/bundle-program.ts';
import { sharedBuild } from './shared-build.ts';

/** Bundles made outside a vitest run (benchmarks), one per program and process, removed when it exits. */
const bundles = new Map<string, Promise<string>>();

/**
 * The node arguments that run one of the repository's TypeScript programs (a path from its root, e.g.
 * `server/src/main.ts`): its bundle, as `npm start` runs it (scripts/bundle-program.ts). Inside a vitest run, one
 * bundle per program and run, shared by the test files; elsewhere (benchmarks), one per process.
 */
export async function programArgs(program: string): Promise<string[]> {
  const name = `bundle-${program.replace(/\W/g, '-')}`;
  if (process.env.VITEST) return ['--enable-source-maps', join(await sharedBuild(name, (out) => bundleProgram(program, join(out, 'main.mjs'))), 'main.mjs')];
  let made = bundles.get(program);
  if (!made) bundles.set(program, (made = bundleOnce(name, program)));
  return ['--enable-source-maps', await made];
}

async function bundleOnce(name: string, program: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `parcours-${name}-`));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  await bundleProgram(program, join(dir, 'main.mjs'));
  return join(dir, 'main.mjs');
}
