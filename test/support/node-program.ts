import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { sharedBuild } from './shared-build.ts';

const REPO = resolve(import.meta.dirname, '../..');

/**
 * The node arguments that run one of the repository's TypeScript programs (a path from its root, e.g.
 * `server/src/main.ts`). Inside a vitest run: one bundle per program and
 * run (esbuild, about a second), because tsx transformed every module again in every child, so each start cost
 * 2.5–6 s and the CLI and process tests were the slowest files of the suite. Elsewhere (benchmarks): tsx, as
 * `npm start` runs it.
 */
export async function programArgs(program: string): Promise<string[]> {
  if (!process.env.VITEST) return ['--import', 'tsx', join(REPO, program)];
  const dir = await sharedBuild(`bundle-${program.replace(/\W/g, '-')}`, (out) => bundle(program, join(out, 'main.mjs')));
  return [join(dir, 'main.mjs')];
}

async function bundle(program: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [join(REPO, program)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    plugins: [asInTheSources],
  });
}

/**
 * Keeps the bundle behaving as the sources do. Packages from the registry stay outside it, imported by the file
 * each resolves to: pnpm lets a package be found only from the workspace package that depends on it, which the
 * bundle's directory is not. And each module's `import.meta.url` stays its source file's, so the paths computed from
 * it (the migrations, the repository's root) are the same.
 */
const asInTheSources: Plugin = {
  name: 'as-in-the-sources',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.path.startsWith('@parcours/') || args.path.startsWith('node:') || args.pluginData === 'resolving') return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (found.errors.length > 0) return { errors: found.errors };
      if (found.external) return { path: args.path, external: true };
      return { path: pathToFileURL(found.path).href, external: true };
    });
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: args.path.endsWith('x') ? 'tsx' : 'ts',
    }));
  },
};
