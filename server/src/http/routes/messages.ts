import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { messages } from '../../db/schema.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { MessageQuery, MessageSchema } from '../schemas.ts';
import { errors, json } from './common.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function messageRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/messages',
      tags: ['messages'],
      summary: 'The outbox, newest first, filterable by contact and scenario',
      request: { query: MessageQuery },
      responses: { 200: json(z.object({ items: z.array(MessageSchema) }), 'messages'), ...errors(400) },
    }),
    (c) => {
      const { contactId, scenarioId, limit } = c.req.valid('query');
      const filters: SQL[] = [];
      if (contactId) filters.push(eq(messages.contactId, contactId));
      if (scenarioId) filters.push(eq(messages.scenarioId, scenarioId));
      const rows = db.select().from(messages).where(and(...filters)).orderBy(desc(messages.id)).limit(limit).all();
      const items = rows.map((m) => ({
        id: m.id,
        contactId: m.contactId,
        scenarioId: m.scenarioId,
        version: m.version,
        node: m.node,
        channel: m.channel,
        template: m.template,
        status: m.status,
        reason: m.reason,
        ...(m.rendered !== null ? { rendered: m.rendered } : {}),
        createdAt: iso(m.createdAt)!,
        sentAt: iso(m.sentAt),
      }));
      return c.json({ items }, 200);
    },
  );
}
