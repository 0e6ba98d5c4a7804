import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { Hono } from 'hono';

/** Long enough to spare requests, short enough that a new snippet reaches the sites within minutes. */
const CACHE_CONTROL = 'public, max-age=300';

/**
 * The browser snippet at `/sdk.js` (outside /api: public, no key): the BUILT module (sdk/, `pnpm build:sdk`),
 * read once at start. Sites load it from their own origin as `<script type="module">`, a CORS request, so any
 * origin may read it (it holds nothing secret: the site key gates the routes it calls), and another site may
 * embed it (Cross-Origin-Resource-Policy). An ETag lets browsers revalidate it for nothing.
 */
export function snippetRoutes(app: Hono<any>, file: string | undefined): void {
  const code = file && existsSync(file) ? readFileSync(file) : undefined;
  const etag = code && `"${createHash('sha256').update(code).digest('base64url').slice(0, 22)}"`;

  app.get('/sdk.js', (c) => {
    if (!code) return c.text('The snippet is not built: run `corepack pnpm run build:sdk` and restart the server.', 404);
    c.header('access-control-allow-origin', '*');
    c.header('cross-origin-resource-policy', 'cross-origin');
    c.header('cache-control', CACHE_CONTROL);
    c.header('etag', etag!);
    if (c.req.header('if-none-match') === etag) return c.body(null, 304);
    c.header('content-type', 'text/javascript; charset=utf-8');
    return c.body(code);
  });
}
