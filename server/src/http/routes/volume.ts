import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { VolumeReportSchema } from '@parcours/shared';
import { volumeReport } from '../../store/volume.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

const VolumeQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14).openapi({ param: { name: 'days', in: 'query' }, description: 'how many days back, today included', example: 14 }),
});


/** The daily volume of a scenario per channel against its volume caps (settings.volumeCaps). */
export function volumeRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/volume',
      tags: ['scenarios'],
      summary: 'Messages sent and held back per day and channel, against the minimum and maximum of the volume caps',
      request: { params: ScenarioIdParam, query: VolumeQuery },
      responses: { 200: json(VolumeReportSchema, 'the volume report, oldest day first'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { days } = c.req.valid('query');
      return c.json(volumeReport(db, id, days, clock.now()), 200);
    },
  );
}
