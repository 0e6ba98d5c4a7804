import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { InFlightPreviewSchema, type InFlightMapping } from '@parcours/shared';
import { mappingIssues, moveInFlight, previewMove } from '../../runtime/move-in-flight.ts';
import { requireVersion, runnableDraft, versionOnPublish } from '../../store/scenarios.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

/** Where the contacts in flight would go if the draft were published with `inFlight: "move"`: the publish dialog's table. */
export function inFlightRoutes(app: OpenAPIHono<AppEnv>, { db, runtime }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/in-flight',
      tags: ['scenarios'],
      summary: 'Before publishing with a move: how many contacts wait at each node of each earlier version, and where the default mapping sends them',
      description:
        "Counts are the live counters' (what the canvas shows). Each row lists the new version's nodes its contacts may move to " +
        '(same kind of waiting contact); `to` is the default: the node with the same id when it may, else null (they stay).',
      request: { params: ScenarioIdParam },
      responses: { 200: json(InFlightPreviewSchema, 'the contacts in flight, node by node'), ...errors(404, 422) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { scenario } = runnableDraft(db, id, 'the scenario cannot be published');
      return c.json(previewMove(db, runtime.versions, id, scenario, versionOnPublish(db, id, scenario)), 200);
    },
  );
}

/**
 * The publish route's move, inside its transaction once the version is written: refuses an unsound mapping
 * (422 `invalid_mapping`, located at `mapping.<version>.<node>`; the transaction, publish included, rolls
 * back), else moves the contacts and returns how many moved.
 */
export function moveOnPublish({ db, runtime }: Pick<AppDeps, 'db' | 'runtime'>, id: string, version: number, mapping: InFlightMapping, now: number): number {
  // Read in the publish's transaction, not through the version cache: it would keep a version a rollback undoes.
  const next = requireVersion(db, id, version);
  const issues = mappingIssues(db, runtime.versions, id, mapping, next, version);
  if (issues.length > 0) {
    const [first] = issues;
    throw new ApiError(422, 'invalid_mapping', `invalid mapping: ${first.path.join('.')}: ${first.message}`, issues);
  }
  return moveInFlight(db, runtime.versions, id, { version, scenario: next }, mapping, now);
}
