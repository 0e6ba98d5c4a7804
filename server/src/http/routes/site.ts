import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { CollectSchema, DecideSchema, DecisionSchema, IngestResultSchema } from '@parcours/shared';
import { decidePlacements } from '../../runtime/decide.ts';
import { badRequest } from '../errors.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { limit, siteBody, siteRequest } from '../site/guard.ts';
import { SiteRateLimits } from '../site/rate-limits.ts';
import { errors, json } from './common.ts';

const tags = ['site'];
const SiteKeyQuery = z.object({ key: z.string().openapi({ description: 'the site key (sk_…)' }) });

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw badRequest(result.error, 'body');
  return result.data;
}

/**
 * What the browser snippet calls with a site key (no bearer key: see http/site/guard.ts): `/api/collect`, a
 * visitor's page views, events, identify and consent in one batch. Bodies may come as `text/plain` (beacons), so
 * these routes read and check them themselves; they are described in the OpenAPI document all the same.
 */
export function siteRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  const limits = new SiteRateLimits();

  app.on(['OPTIONS', 'POST'], '/collect', async (c) => {
    const { key, preflight } = siteRequest(c, db);
    if (preflight) return c.body(null, 204);
    const { anonymousId, batch } = parse(CollectSchema, await siteBody(c));
    limit(c, limits, clock, key, anonymousId);
    return c.json(await runtime.grouped.site(batch.map((item) => ({ anonymousId, item }))), 200);
  });
  // GET for a page that only reads (query: anonymousId, placements=a,b); POST as the snippet does.
  app.on(['OPTIONS', 'GET', 'POST'], '/decide', async (c) => {
    const { key, preflight } = siteRequest(c, db);
    if (preflight) return c.body(null, 204);
    const asked = c.req.method === 'GET' ? { anonymousId: c.req.query('anonymousId'), placements: c.req.query('placements')?.split(',') } : await siteBody(c);
    const { anonymousId, placements } = parse(DecideSchema, asked);
    limit(c, limits, clock, key, anonymousId);
    c.header('cache-control', 'no-store');
    return c.json({ placements: decidePlacements(db, clock.now(), anonymousId, placements) }, 200);
  });

  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/decide',
    tags,
    summary: 'The best eligible item of each placement for a visitor now (site key)',
    security: [],
    request: { query: SiteKeyQuery, body: { content: { 'application/json': { schema: DecideSchema } }, required: true } },
    responses: { 200: json(DecisionSchema, 'one item or null per placement'), ...errors(400, 401, 403, 429) },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/decide',
    tags,
    summary: 'The same decision for a page that only reads: ?anonymousId=&placements=a,b (site key)',
    security: [],
    request: { query: SiteKeyQuery.extend({ anonymousId: z.string(), placements: z.string().meta({ description: 'placement names, comma-separated' }) }) },
    responses: { 200: json(DecisionSchema, 'one item or null per placement'), ...errors(400, 401, 403, 429) },
  });
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/collect',
    tags,
    summary: "A visitor's page views, events, identify and consent, from the browser snippet (site key; JSON sent as application/json or text/plain)",
    security: [],
    request: { query: SiteKeyQuery, body: { content: { 'application/json': { schema: CollectSchema } }, required: true } },
    responses: { 200: json(IngestResultSchema, 'stored and processed'), ...errors(400, 401, 403, 429) },
  });
}
