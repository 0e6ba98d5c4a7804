import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { PressureForecastSchema, forecastPressure } from '@parcours/shared';
import { sampleContacts } from '../../store/forecast-sample.ts';
import { loadPolicy, PressurePolicy, savePolicy } from '../../store/policy.ts';
import { liveVersions, runnableDraft } from '../../store/scenarios.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { body, errors, json } from './common.ts';


const PolicySchema = z.object(PressurePolicy.shape).strict().openapi('PressurePolicy', {
  example: { frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }], quietHours: { start: '21:00', end: '08:00' } },
});

const ForecastBody = z
  .object({
    sample: z.number().int().min(1).max(5000).default(200).openapi({ description: 'how many contacts to draw at random' }),
    weeks: z.number().int().min(1).max(26).default(4).openapi({ description: 'how many weeks to look back and forward' }),
  })
  .strict()
  .openapi('ForecastRequest');

/** The operator's marketing-pressure rules, and what they would mean for real contacts. */
export function pressureRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/pressure',
      tags: ['settings'],
      summary: 'Frequency caps and quiet hours over every scenario',
      responses: { 200: json(PolicySchema, 'the pressure policy') },
    }),
    (c) => c.json(loadPolicy(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/pressure',
      tags: ['settings'],
      summary: 'Replace the frequency caps and quiet hours over every scenario',
      request: body(PolicySchema),
      responses: { 200: json(PolicySchema, 'the saved policy'), ...errors(400) },
    }),
    (c) => {
      const policy = c.req.valid('json');
      audited(c, { db, clock }, { action: 'settings.pressure', target: { type: 'settings', id: 'pressure' }, change: policy as never }, () => savePolicy(db, policy));
      runtime.policyChanged();
      return c.json(loadPolicy(db), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/forecast',
      tags: ['scenarios'],
      summary: "Forecast the pressure on a sample of real contacts if the draft went live next to every live scenario, under the operator's policy",
      request: { params: ScenarioIdParam, ...body(ForecastBody) },
      responses: { 200: json(PressureForecastSchema, 'the forecast'), ...errors(400, 404, 422) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { sample, weeks } = c.req.valid('json');
      const { scenario: draft } = runnableDraft(db, id, 'fix the draft before forecasting it');
      const now = clock.now();
      // The draft stands in for its own live version.
      const scenarios = [draft, ...liveVersions(db).filter((v) => v.scenarioId !== id).map((v) => v.scenario)];
      const forecast = forecastPressure({
        scenarios,
        contacts: sampleContacts(db, sample, weeks, now),
        weeks,
        start: new Date(now).toISOString(),
        policy: loadPolicy(db),
      });
      return c.json(forecast, 200);
    },
  );
}
