import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { NewSiteKeySchema, SiteKeyListSchema, SiteKeySchema } from '@parcours/shared';
import { NotFound } from '../../domain/errors.ts';
import { createSiteKey, deleteSiteKey, listSiteKeys } from '../../store/site-keys.ts';
import { audited, ifDone } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';

const tags = ['site keys'];
const SiteKeyIdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

/** The site keys of the browser snippet (admin): public keys, each with its allowed origins and rate limits. */
export function siteKeyRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/site-keys', tags, responses: { 200: json(SiteKeyListSchema, 'site keys') } }),
    (c) => c.json({ items: listSiteKeys(db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/site-keys',
      tags,
      summary: 'Create a site key for the browser snippet (public: it may only send events and ask for decisions)',
      request: body(NewSiteKeySchema),
      responses: { 201: json(SiteKeySchema, 'created'), ...errors(400) },
    }),
    (c) => {
      const input = c.req.valid('json');
      const created = audited(c, { db, clock }, (k) => ({ action: 'site_key.create', target: { type: 'site_key', id: k.id }, change: { name: k.name, origins: k.origins } }), () => createSiteKey(db, input, clock.now()));
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({ method: 'delete', path: '/site-keys/{id}', tags, summary: 'Revoke a site key', request: { params: SiteKeyIdParam }, responses: { 204: { description: 'revoked' }, ...errors(404) } }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!audited(c, { db, clock }, ifDone({ action: 'site_key.revoke', target: { type: 'site_key', id } }), () => deleteSiteKey(db, id))) throw new NotFound(`site key ${id}`);
      return c.body(null, 204);
    },
  );
}
