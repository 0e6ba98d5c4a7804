import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { createApiKey, deleteApiKey, listApiKeys } from '../../store/keys.ts';
import { audited, ifDone } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { ApiKeyListSchema, CreatedKeySchema } from '@parcours/shared';
import { KeyIdParam, NewKeySchema } from '../schemas.ts';
import { body, errors, json } from './common.ts';

const tags = ['keys'];

export function keyRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/keys', tags, responses: { 200: json(ApiKeyListSchema, 'API keys (never the keys themselves)') } }),
    (c) => c.json({ items: listApiKeys(db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/keys',
      tags,
      summary: 'Create a key; the key is in this response only',
      request: body(NewKeySchema),
      responses: { 201: json(CreatedKeySchema, 'created'), ...errors(400) },
    }),
    (c) => {
      const { name, scope } = c.req.valid('json');
      // The key itself stays out of the log: only its id, name and scope.
      const created = audited(c, { db, clock }, (k) => ({ action: 'api_key.create', target: { type: 'api_key', id: k.id }, change: { name, scope } }), () => createApiKey(db, name, scope, clock.now()));
      return c.json(created, 201);
    },
  );
  app.openapi(
    createRoute({ method: 'delete', path: '/keys/{id}', tags, summary: 'Revoke a key', request: { params: KeyIdParam }, responses: { 204: { description: 'revoked' }, ...errors(404, 409) } }),
    (c) => {
      const { id } = c.req.valid('param');
      const caller = c.get('caller');
      if (caller.kind === 'key' && caller.key.id === id) throw new Conflict('a key cannot revoke itself: use another admin key');
      if (!audited(c, { db, clock }, ifDone({ action: 'api_key.revoke', target: { type: 'api_key', id } }), () => deleteApiKey(db, id))) throw new NotFound(`key ${id}`);
      return c.body(null, 204);
    },
  );
}
