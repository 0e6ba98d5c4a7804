import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { listMessages } from '../../store/messages.ts';
import { withNodeNames } from '../../store/node-names.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { MessageListSchema } from '@parcours/shared';
import { MessageQuery } from '../schemas.ts';
import { errors, json } from './common.ts';

export function messageRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/messages',
      tags: ['messages'],
      summary: 'The outbox, newest first, filterable by contact, scenario and channel',
      request: { query: MessageQuery },
      responses: { 200: json(MessageListSchema, 'messages'), ...errors(400) },
    }),
    (c) => {
      const { contactId, scenarioId, channel, limit } = c.req.valid('query');
      const items = listMessages(db, { contactId, scenarioId, channel, limit });
      return c.json({ items: withNodeNames(db, items) }, 200);
    },
  );
}
