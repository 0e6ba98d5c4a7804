import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { EventNamesSchema } from '@parcours/shared';
import { recentEventNames } from '../../store/event-names.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { json } from './common.ts';

/** The event names contacts did lately, which the segment and journey builders suggest. */
export function eventNameRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/event-names',
      tags: ['events'],
      summary: 'The event names among the newest events (up to 50,000 read), most frequent first',
      responses: { 200: json(EventNamesSchema, 'the names') },
    }),
    (c) => c.json(recentEventNames(db), 200),
  );
}
