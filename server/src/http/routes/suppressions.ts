import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { SuppressionListSchema, SuppressionSchema } from '@parcours/shared';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { isSuppressed, listSuppressions, suppress, unsuppress, type Suppression } from '../../store/suppressions.ts';
import { audited, ifDone } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { NewSuppressionSchema, SuppressionParam, SuppressionQuery } from '../schemas.ts';
import { body, errors, json } from './common.ts';

const tags = ['suppressions'];
const answer = (row: Suppression) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() });

/** The suppression list: addresses that bounced hard, complained, or an operator put there by hand. */
export function suppressionRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/suppressions',
      tags,
      summary: 'Suppressed addresses, newest first; `search` matches part of the address',
      request: { query: SuppressionQuery },
      responses: { 200: json(SuppressionListSchema, 'the list'), ...errors(400) },
    }),
    (c) => {
      const { items, total } = listSuppressions(db, c.req.valid('query'));
      return c.json({ items: items.map(answer), total }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/suppressions',
      tags,
      summary: 'Suppress an address by hand',
      request: body(NewSuppressionSchema),
      responses: { 201: json(SuppressionSchema, 'suppressed'), ...errors(400, 409) },
    }),
    (c) => {
      const { channel, address } = c.req.valid('json');
      const note = { action: 'suppression.add' as const, target: { type: 'suppression', id: `${channel}:${address}` } };
      if (!audited(c, { db, clock }, ifDone(note), () => suppress(db, { channel, address, reason: 'manual', source: 'manual' }, clock.now()))) {
        throw new Conflict(`${address} is already on the ${channel} suppression list`);
      }
      return c.json(answer(isSuppressed(db, channel, address)!), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'delete',
      path: '/suppressions/{channel}/{address}',
      tags,
      summary: 'Take an address off the list: messages may go to it again',
      request: { params: SuppressionParam },
      responses: { 204: { description: 'removed' }, ...errors(400, 404) },
    }),
    (c) => {
      const { channel, address } = c.req.valid('param');
      const note = { action: 'suppression.remove' as const, target: { type: 'suppression', id: `${channel}:${address}` } };
      if (!audited(c, { db, clock }, ifDone(note), () => unsuppress(db, channel, address))) throw new NotFound(`${address} on the ${channel} suppression list`);
      return c.body(null, 204);
    },
  );
}
