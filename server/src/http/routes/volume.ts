import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { Channel } from '@parcours/shared';
import { volumeReport } from '../../store/volume.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

const VolumeQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(14).openapi({ param: { name: 'days', in: 'query' }, description: 'how many days back, today included', example: 14 }),
});

const ChannelVolumeSchema = z.object({
  channel: z.enum(Channel.options),
  sent: z.number().int().openapi({ description: 'messages sent or sandboxed that day' }),
  throttled: z.number().int().openapi({ description: "messages due that day still waiting at its end (now, for today) because the day's maxPerDay was reached" }),
  min: z.number().int().nullable(),
  max: z.number().int().nullable(),
  underDelivered: z.boolean().openapi({ description: 'a finished day, since the first publish, that sent fewer than min' }),
});

const VolumeReportSchema = z
  .object({
    scenarioId: z.string(),
    timeZone: z.string().openapi({ description: "the scenario's defaultTimeZone, in which days are counted" }),
    days: z.array(
      z.object({
        day: z.string().openapi({ example: '2026-01-05' }),
        start: z.number().int().openapi({ description: 'ms since the epoch' }),
        end: z.number().int(),
        finished: z.boolean(),
        channels: z.array(ChannelVolumeSchema),
      }),
    ),
  })
  .openapi('VolumeReport');

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
