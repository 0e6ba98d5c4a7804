import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { dayOf, dayToIso, FunnelSchema, isoToDay, JourneyAnalyticsSchema } from '@parcours/shared';
import { NotFound } from '../../domain/errors.ts';
import { journeyAnalytics, pathFunnel } from '../../store/analytics.ts';
import { getScenario, getVersion, latestVersionOf, scenarioExists } from '../../store/scenarios.ts';
import { ApiError } from '../errors.ts';
import { AnalyticsQuery, FunnelQuery, MAX_ANALYTICS_DAYS, ScenarioIdParam } from '../schemas.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { errors, json } from './common.ts';

const tags = ['Analytics'];

export function analyticsRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  /** The latest published version: the nodes whose arms and path the page shows. */
  const latest = (id: string) => {
    const version = latestVersionOf(db, id);
    return version === null ? undefined : getVersion(db, id, version);
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/analytics',
      tags,
      summary: 'Journey analytics: figures per day or week over a range, and the arms of each split with their significance',
      request: { params: ScenarioIdParam, query: AnalyticsQuery },
      responses: { 200: json(JourneyAnalyticsSchema, 'the analytics'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      const to = query.to !== undefined ? isoToDay(query.to) : dayOf(clock.now());
      const from = query.from !== undefined ? isoToDay(query.from) : to - 29;
      const wrong = from > to ? 'must not be after to' : to - from + 1 > MAX_ANALYTICS_DAYS ? `the range may span ${MAX_ANALYTICS_DAYS} days at most` : undefined;
      if (wrong) throw new ApiError(400, 'invalid_request', `invalid query: from: ${wrong}`, [{ path: ['from'], message: wrong }]);
      const analytics = journeyAnalytics(db, id, latest(id), { from, to, by: query.by });
      return c.json({ from: dayToIso(from), to: dayToIso(to), by: query.by, ...analytics }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/funnel',
      tags,
      summary: 'The funnel along a path of nodes: how many reached each one (every version), and the drop-off between them',
      request: { params: ScenarioIdParam, query: FunnelQuery },
      responses: { 200: json(FunnelSchema, 'the funnel'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { nodes } = c.req.valid('query');
      const scenario = latest(id) ?? getScenario(db, id).draft;
      const known = new Set(scenario.nodes.map((n) => n.id));
      const unknown = nodes.flatMap((node, i) => (known.has(node) ? [] : [{ path: ['nodes', i], message: `${node} is not a node of the scenario` }]));
      if (unknown.length > 0) throw new ApiError(400, 'invalid_request', `invalid query: nodes.${unknown[0].path[1]}: ${unknown[0].message}`, unknown);
      return c.json(pathFunnel(db, id, nodes), 200);
    },
  );
}
