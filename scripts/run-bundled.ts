/**
 * Runs one of the repository's programs from its bundle, as `npm start` runs the server, so that a benchmark measures
 * the code users run rather than tsx's transform of it:
 *   tsx scripts/run-bundled.ts [node flags…] <program> [arguments…]
 * Node flags (`--expose-gc`, `--cpu-prof`…) come first; the exit code is the program's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleProgram } from './bundle-program.ts';

const argv = process.argv.slice(2);
const at = argv.findIndex((arg) => !arg.startsWith('--'));
if (at < 0) throw new Error('usage: tsx scripts/run-bundled.ts [node flags…] <program> [arguments…]');
const dir = mkdtempSync(join(tmpdir(), 'parcours-run-'));
try {
  await bundleProgram(argv[at]!, join(dir, 'main.mjs'));
  const run = spawnSync(process.execPath, ['--enable-source-maps', ...argv.slice(0, at), join(dir, 'main.mjs'), ...argv.slice(at + 1)], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
