import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps, AppEnv } from '../context.ts';
import { IngestResultSchema } from '@parcours/shared';
import { BatchSchema, IdentifySchema, TrackSchema } from '../schemas.ts';
import { body, errors, json } from './common.ts';

const tags = ['events'];
const accepted = { 200: json(IngestResultSchema, 'stored and processed'), ...errors(400) };

/** Segment-style ingestion: track, identify and batch. */
export function eventRoutes(app: OpenAPIHono<AppEnv>, { runtime }: AppDeps): void {
  app.openapi(
    createRoute({ method: 'post', path: '/track', tags, summary: 'Record an event a contact did', request: body(TrackSchema), responses: accepted }),
    async (c) => c.json(await runtime.grouped.track([c.req.valid('json')]), 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/identify',
      tags,
      summary: 'Tie an anonymous id to a user (merging the visitor into the contact) and set traits',
      request: body(IdentifySchema),
      responses: accepted,
    }),
    async (c) => c.json(await runtime.grouped.identify([c.req.valid('json')]), 200),
  );
  app.openapi(
    createRoute({ method: 'post', path: '/batch', tags, summary: 'Many track and identify calls, applied in order', request: body(BatchSchema), responses: accepted }),
    async (c) => c.json(await runtime.grouped.batch(c.req.valid('json').batch), 200),
  );
}
