import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { VersionDiffSchema, diffScenarios, type VersionRef } from '@parcours/shared';
import { NotFound } from '../../domain/errors.ts';
import type { Db } from '../../db/open.ts';
import { getScenario, requireVersion, scenarioExists } from '../../store/scenarios.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

const Ref = z
  .union([z.literal('draft'), z.coerce.number().int().min(1)])
  .openapi({ description: 'a version number, or `draft`', example: 1 });
const DiffQuery = z.object({ from: Ref, to: Ref.default('draft') });

/** A version's document, or the draft's. */
export const documentAt = (db: Db, id: string, ref: VersionRef) => (ref === 'draft' ? getScenario(db, id).draft : requireVersion(db, id, ref));

/** What differs between two versions of a scenario (or a version and the draft), node by node and field by field. */
export function versionDiffRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/diff',
      tags: ['scenarios'],
      summary: 'The differences from one version to another (or to the draft): nodes added, removed and changed with their fields, connections added and removed',
      request: { params: ScenarioIdParam, query: DiffQuery },
      responses: { 200: json(VersionDiffSchema, 'both documents and what differs'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      const before = documentAt(db, id, from);
      const after = documentAt(db, id, to);
      return c.json({ from, to, before, after, diff: diffScenarios(before, after) }, 200);
    },
  );
}
