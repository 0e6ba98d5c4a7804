import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where `npm start` and CI build the snippet, and where the server reads it by default (PARCOURS_SDK). */
export const SDK_OUTFILE = join(HERE, 'dist/sdk.js');

/** Bundles the snippet into one minified ES module with no dependencies (what the server serves at /sdk.js). */
export async function buildSdk(outfile = SDK_OUTFILE): Promise<void> {
  await build({
    entryPoints: [join(HERE, 'src/index.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSdk();
