/**
 * Bundles one of the repository's TypeScript programs (a path from its root, e.g. `server/src/main.ts`) into one
 * ES module that plain node runs: what `npm start` runs and what the process tests and benchmarks start. Running the
 * sources through tsx instead cost a campaign start or an ingested event about a third more CPU (its transform keeps
 * function names by wrapping every closure as it is made) and 2.5–6 s per process start.
 *   tsx scripts/bundle-program.ts <program> <outfile>
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const REPO = resolve(import.meta.dirname, '..');

export async function bundleProgram(program: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [join(REPO, program)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    // Errors name the sources' lines when node runs with --enable-source-maps.
    sourcemap: true,
    plugins: [asInTheSources],
  });
}

/**
 * Keeps the bundle behaving as the sources do. Packages from the registry stay outside it, imported by the file
 * each resolves to: pnpm lets a package be found only from the workspace package that depends on it, which the
 * bundle's directory is not. And each module's `import.meta.url` (and `dirname`, `filename`) stays its source file's, so the paths computed from
 * it (the migrations, the repository's root) are the same. The bundle therefore runs only inside this checkout.
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
    b.onLoad({ filter: /\.tsx?$/ }, async (args) => {
      const meta = { url: pathToFileURL(args.path).href, dirname: dirname(args.path), filename: args.path };
      // A pattern, not the words themselves: this file is bundled too (by the benchmarks), and would rewrite them.
      const contents = (await readFile(args.path, 'utf8')).replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key: keyof typeof meta) => JSON.stringify(meta[key]));
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

if (process.argv[1] === import.meta.filename) {
  const [program, outfile] = process.argv.slice(2);
  if (!program || !outfile) throw new Error('usage: tsx scripts/bundle-program.ts <program> <outfile>');
  await bundleProgram(program, resolve(outfile));
}
