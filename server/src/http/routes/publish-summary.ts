import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { PublishSummarySchema, changesSinceLive, hasChanges, entrantsAmong } from '@parcours/shared';
import { attributeCatalogue } from '../../store/attributes.ts';
import { sampleFacts } from '../../store/forecast-sample.ts';
import { getScenario, getVersion } from '../../store/scenarios.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

/** Contacts drawn to estimate who a segment entry would take in. */
const ESTIMATE_SAMPLE = 1000;
/** How far back their events go, for conditions on what they did. */
const ESTIMATE_WEEKS = 13;

/** What the publish dialog shows: the changes since the live version, the warnings, who would enter now. */
export function publishSummaryRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/publish-summary',
      tags: ['scenarios'],
      summary: 'Before publishing: changes since the live version (positions aside), problems and warnings, and how many contacts would enter now',
      request: { params: ScenarioIdParam },
      responses: { 200: json(PublishSummarySchema, 'the summary'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const detail = getScenario(db, id);
      const live = detail.latestVersion === null ? undefined : getVersion(db, id, detail.latestVersion);
      const changes = changesSinceLive(live, detail.draft);
      const now = clock.now();
      // Anonymous visitors are not counted as contacts by the catalogue either.
      const sample = sampleFacts(db, ESTIMATE_SAMPLE, ESTIMATE_WEEKS, now, detail.draft.settings.defaultTimeZone).filter((contact) => !contact.id.startsWith('anon:'));
      const matching = entrantsAmong(detail.draft, sample, now);
      const contacts = attributeCatalogue(db).contacts;
      const estimate = matching === null ? null : sample.length === 0 ? 0 : Math.round((matching / sample.length) * contacts);
      return c.json(
        {
          liveVersion: detail.latestVersion,
          changed: !live || hasChanges(changes),
          changes,
          validation: detail.validation,
          entry: { estimate, sampled: sample.length, contacts },
        },
        200,
      );
    },
  );
}
