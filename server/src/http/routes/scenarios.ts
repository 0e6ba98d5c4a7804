import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  ContactProfile,
  Duration,
  EnrolResultSchema,
  PublishResultSchema,
  ScenarioActivitySchema,
  ScenarioDetailSchema,
  ScenarioListSchema,
  SimulationError,
  SimulationResultSchema,
  Timeline,
  ValidationSchema,
  VersionListSchema,
  VersionSchema,
  VersionStatsSchema,
  NodeFailuresSchema,
  runTestCase,
  simulate,
  type DraftScenario,
  type Scenario,
} from '@parcours/shared';
import type { Context } from 'hono';
import { actorOf, audited } from '../audit.ts';
import { readJson } from '../body.ts';
import { CasesFailed, NotFound, type Issue } from '../../domain/errors.ts';
import { badRequest } from '../errors.ts';
import { ActivityQuery, EnrolBodySchema, NodeParam, SCENARIO_REF, ScenarioIdParam, ScenarioTagsBodySchema, SimulateBodySchema, VersionParam, inFlightFields, mappingNeedsMove } from '../schemas.ts';
import {
  archive,
  createScenario,
  getScenario,
  listScenarios,
  listVersions,
  parseScenarioBody,
  publish,
  refuseIfOwned,
  requireVersion,
  runnableDraft,
  saveDraft,
  scenarioExists,
  setTags,
  validateDraft,
} from '../../store/scenarios.ts';
import { savedSegments } from '../../store/segments.ts';
import { scenarioActivity } from '../../store/scenario-activity.ts';
import { nodeFailures, versionStats } from '../../store/stats.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';
import { moveOnPublish } from './in-flight.ts';

const scenarioBody = body(SCENARIO_REF);

const tags = ['scenarios'];
const DAY = 24 * 60 * 60 * 1000;

const SimulateInput = z.object({
  contact: ContactProfile,
  events: Timeline.default([]),
  start: z.iso.datetime({ offset: true }).optional(),
  until: Duration.optional(),
});

const PublishBodySchema = z
  .object({
    override: z.boolean().optional().openapi({ description: 'Publish even though some saved test cases fail (the answer lists them)' }),
    note: z.string().max(2000).optional().openapi({ description: 'What this version changes, kept with it' }),
    ...inFlightFields,
  })
  .strict()
  .refine(...mappingNeedsMove)
  .openapi('PublishRequest');


/** The saved test cases the scenario fails, one issue each, located on the case, worded by its first failure. */
export function failingCases(scenario: Scenario): Issue[] {
  return scenario.tests.flatMap((testCase, index) => {
    let failure: string | undefined;
    try {
      failure = runTestCase(scenario, testCase).failures[0];
    } catch (error) {
      if (!(error instanceof SimulationError)) throw error;
      failure = error.message;
    }
    return failure === undefined ? [] : [{ path: ['tests', index], message: `${testCase.name}: ${failure}` }];
  });
}

export function scenarioRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  const now = () => clock.now();
  const deps = { db, clock };
  const scenario = (id: string) => ({ type: 'scenario', id });
  /** Saves a draft over an existing scenario; a changed name makes it a rename in the audit log. */
  const saveAudited = (c: Context<AppEnv>, id: string, draft: DraftScenario) => {
    const before = getScenario(db, id).name;
    const note = before === draft.name ? { action: 'scenario.draft_save' as const, target: scenario(id) } : { action: 'scenario.rename' as const, target: scenario(id), change: { from: before, to: draft.name } };
    audited(c, deps, note, () => saveDraft(db, id, draft, now()));
  };

  app.openapi(
    createRoute({ method: 'get', path: '/scenarios', tags, responses: { 200: json(ScenarioListSchema, 'all scenarios') } }),
    (c) => c.json({ items: listScenarios(db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenario-activity',
      tags,
      summary: 'Per scenario, the contacts that entered over the last days and how many of those entries converted',
      request: { query: ActivityQuery },
      responses: { 200: json(ScenarioActivitySchema, 'entries and conversions per scenario'), ...errors(400) },
    }),
    (c) => c.json(scenarioActivity(db, now() - c.req.valid('query').days * DAY, now()), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/scenarios/{id}/tags',
      tags,
      summary: "Replace the scenario's tags (labels for the list; not part of the scenario, not versioned)",
      request: { params: ScenarioIdParam, ...body(ScenarioTagsBodySchema) },
      responses: { 200: json(ScenarioDetailSchema, 'saved'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { tags } = c.req.valid('json');
      audited(c, deps, { action: 'scenario.tags', target: scenario(id), change: { tags } }, () => setTags(db, id, tags));
      return c.json(getScenario(db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios',
      tags,
      summary: 'Create a scenario from its JSON (saved as a draft)',
      request: scenarioBody,
      responses: { 201: json(ScenarioDetailSchema, 'created'), ...errors(400, 409, 422) },
    }),
    async (c) => {
      const draft = parseScenarioBody(db, await readJson(c));
      audited(c, deps, { action: 'scenario.create', target: scenario(draft.id), change: { name: draft.name } }, () => createScenario(db, draft, now()));
      return c.json(getScenario(db, draft.id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/import',
      tags,
      summary: 'Import a scenario file: creates it, or replaces the draft of the scenario with the same id',
      request: scenarioBody,
      responses: { 200: json(ScenarioDetailSchema, 'draft replaced'), 201: json(ScenarioDetailSchema, 'created'), ...errors(400, 409, 422) },
    }),
    async (c) => {
      const draft = parseScenarioBody(db, await readJson(c));
      if (scenarioExists(db, draft.id)) {
        refuseIfOwned(db, draft.id);
        saveAudited(c, draft.id, draft);
        return c.json(getScenario(db, draft.id), 200);
      }
      audited(c, deps, { action: 'scenario.create', target: scenario(draft.id), change: { name: draft.name, imported: true } }, () => createScenario(db, draft, now()));
      return c.json(getScenario(db, draft.id), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/scenarios/{id}', tags, request: { params: ScenarioIdParam }, responses: { 200: json(ScenarioDetailSchema, 'the scenario'), ...errors(404) } }),
    (c) => c.json(getScenario(db, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/scenarios/{id}/draft',
      tags,
      summary: 'Save the draft (incomplete nodes and graph errors allowed, reported in its validation; other shape errors refused)',
      request: { params: ScenarioIdParam, ...scenarioBody },
      responses: { 200: json(ScenarioDetailSchema, 'saved'), ...errors(400, 404, 409, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      refuseIfOwned(db, id);
      saveAudited(c, id, parseScenarioBody(db, await readJson(c)));
      return c.json(getScenario(db, id), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'post', path: '/scenarios/{id}/validate', tags, request: { params: ScenarioIdParam }, responses: { 200: json(ValidationSchema, 'validation of the draft'), ...errors(404) } }),
    (c) => c.json(validateDraft(db, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/publish',
      tags,
      summary: 'Publish the draft as a new immutable version; contacts in flight stay on their version, or move to it',
      description:
        'The draft must be valid, and its saved test cases must pass: otherwise 422 `cases_failed` with one issue per failing case ' +
        '(`tests[i]`), and nothing is published, unless the body says `{ "override": true }`. The body is optional. ' +
        'With `"inFlight": "move"`, the active contacts of earlier versions move to the new one in the same transaction, node by node as ' +
        '`mapping` says (see GET /scenarios/{id}/in-flight); an unsound mapping is refused with 422 `invalid_mapping`, located at ' +
        '`mapping.<version>.<node>`, and nothing is published or moved.',
      request: { params: ScenarioIdParam, body: { content: { 'application/json': { schema: PublishBodySchema } }, required: false } },
      responses: {
        200: json(PublishResultSchema, 'the draft equals the latest version'),
        201: json(PublishResultSchema, 'published'),
        ...errors(400, 404, 409, 422),
      },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      // Without a JSON body the router hands over {}: no override.
      const { override = false, note, inFlight = 'keep', mapping = {} } = c.req.valid('json');
      refuseIfOwned(db, id);
      // publish() checks this too; checked first so the cases never run on a draft the engine cannot run.
      const { scenario: draft } = runnableDraft(db, id, 'the scenario cannot be published');
      // Synchronous from here to the insert: no other request can change the draft the cases ran on.
      const failing = failingCases(draft);
      if (failing.length > 0 && !override) {
        const count = failing.length === 1 ? '1 saved test case fails' : `${failing.length} saved test cases fail`;
        throw new CasesFailed(`${count}: fix the scenario or the cases, or publish with { "override": true }`, failing);
      }
      const text = note?.trim() || undefined;
      const { version, created, moved } = audited(
        c,
        deps,
        (result) => ({
          action: 'version.publish',
          target: scenario(id),
          change: { version: result.version, created: result.created, ...(text ? { note: text } : {}), ...(override && failing.length > 0 ? { override: true } : {}), ...(result.moved !== undefined ? { moved: result.moved } : {}) },
        }),
        () => {
          const published = publish(db, id, now(), { note: text, author: actorOf(c.get('caller')).label });
          // In the publish's transaction: an unsound mapping undoes the publish too.
          return { ...published, moved: inFlight === 'move' ? moveOnPublish({ db, runtime }, id, published.version, mapping, now()) : undefined };
        },
      );
      runtime.scenariosChanged();
      return c.json({ version, ...(failing.length > 0 ? { failingCases: failing } : {}), ...(moved !== undefined ? { moved } : {}) }, created ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/archive',
      tags,
      summary: 'Archive: no new contacts enter; contacts in flight finish their journey',
      request: { params: ScenarioIdParam },
      responses: { 200: json(ScenarioDetailSchema, 'archived'), ...errors(404, 409) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      refuseIfOwned(db, id);
      audited(c, deps, { action: 'scenario.archive', target: scenario(id) }, () => archive(db, id, now()));
      runtime.scenariosChanged();
      return c.json(getScenario(db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/versions',
      tags,
      request: { params: ScenarioIdParam },
      responses: { 200: json(VersionListSchema, 'published versions, newest first'), ...errors(404) },
    }),
    (c) => c.json({ items: listVersions(db, c.req.valid('param').id) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/versions/{v}',
      tags,
      request: { params: VersionParam },
      responses: { 200: json(VersionSchema, 'one published version'), ...errors(404) },
    }),
    (c) => {
      const { id, v } = c.req.valid('param');
      return c.json({ version: v, scenario: requireVersion(db, id, v) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/versions/{v}/stats',
      tags,
      summary: 'Per-node and per-output counts of a version, added up with every other version still holding contacts',
      request: { params: VersionParam },
      responses: { 200: json(VersionStatsSchema, 'counts'), ...errors(404) },
    }),
    (c) => {
      const { id, v } = c.req.valid('param');
      const scenario = requireVersion(db, id, v);
      return c.json(versionStats(db, id, v, scenario.nodes.map((n) => n.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/nodes/{node}/failures',
      tags,
      summary: "Why a message node's sends failed at delivery (every version), with some of the contacts",
      request: { params: NodeParam },
      responses: { 200: json(NodeFailuresSchema, 'failure reasons'), ...errors(404) },
    }),
    (c) => {
      const { id, node } = c.req.valid('param');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      return c.json(nodeFailures(db, id, node), 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/scenarios/{id}/export', tags, summary: 'The draft as a scenario file', request: { params: ScenarioIdParam }, responses: { 200: json(SCENARIO_REF, 'the scenario JSON'), ...errors(404) } }),
    (c) => {
      const { id } = c.req.valid('param');
      c.header('Content-Disposition', `attachment; filename="${id}.json"`);
      return c.json(getScenario(db, id).draft as never, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/enrol',
      tags,
      summary: 'Enrol a contact in the live version (API enrolment), within the re-entry policy',
      request: { params: ScenarioIdParam, ...body(EnrolBodySchema) },
      responses: { 200: json(EnrolResultSchema, 'false when the re-entry policy or an active enrolment kept the contact out'), ...errors(400, 404, 409) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      // Its campaign's runs start it, under the campaign's schedule and audience.
      refuseIfOwned(db, id);
      return c.json(runtime.enrol(id, c.req.valid('json').contactId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/simulate',
      tags,
      summary: "Simulate one contact's path through the draft on a virtual clock (nothing is stored or sent)",
      request: { params: ScenarioIdParam, ...body(SimulateBodySchema) },
      responses: { 200: json(SimulationResultSchema, 'the simulated path'), ...errors(400, 404, 422) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      const input = SimulateInput.safeParse(c.req.valid('json'));
      if (!input.success) throw badRequest(input.error, 'body');
      const { scenario } = runnableDraft(db, id, 'fix the draft before simulating it');
      return c.json(simulate(scenario, { ...input.data, segments: savedSegments(db) }), 200);
    },
  );
}
