import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  CampaignDefinition,
  CampaignListSchema,
  CampaignPatch,
  CampaignRunListSchema,
  CampaignSchema,
  journeyOf,
  nextRun,
  patchedDefinition,
  type CampaignStatus,
} from '@parcours/shared';
import type { Context } from 'hono';
import { Conflict, InvalidScenario } from '../../domain/errors.ts';
import { publishCampaignJourney, retireCampaignJourney } from '../../store/campaign-journeys.ts';
import {
  createCampaign,
  freshCampaignId,
  getCampaign,
  hasRunUnderWay,
  listCampaigns,
  pendingOf,
  runHeldBack,
  runMessages,
  runsOf,
  setCampaignStatus,
  skippedBy,
  stopSnapshots,
  widenedOf,
  updateCampaign,
  type CampaignRow,
  type CampaignRunRow,
} from '../../store/campaigns.ts';
import { owningCampaign } from '../../store/scenarios.ts';
import { ensureOrderIndex } from '../../store/campaign-order.ts';
import { findSegment } from '../../store/segments.ts';
import { actorOf, audited, type AuditNote } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { body, errors, json } from './common.ts';

const tags = ['campaigns'];
/** Runs a campaign's report lists, newest first. */
const RUNS_SHOWN = 50;

const CampaignIdParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'camp-1a2b3c4d' }) });
const bodyIssue = (path: string[], message: string) => new ApiError(400, 'invalid_request', `invalid body: ${path.join('.')}: ${message}`, [{ path, message }]);

const iso = (at: number) => new Date(at).toISOString();

function statusOf(db: AppDeps['db'], row: CampaignRow): CampaignStatus {
  if (row.status !== 'active' || row.nextRunAt !== null) return row.status;
  return hasRunUnderWay(db, row.id) ? 'active' : 'completed';
}

const answer = (db: AppDeps['db'], row: CampaignRow) => {
  const { name, segment, action, schedule, timeZone, localTime, spread, volume } = row.definition;
  return {
    id: row.id,
    name,
    segment,
    action,
    schedule,
    timeZone,
    localTime,
    ...(spread ? { spread } : {}),
    ...(volume ? { volume } : {}),
    status: statusOf(db, row),
    ...(row.nextRunAt !== null ? { nextRunAt: iso(row.nextRunAt) } : {}),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
};

/** A run's report. Its journey is the one its own definition names (an edit since may name another). */
function report(db: AppDeps['db'], campaign: CampaignRow, run: CampaignRunRow) {
  const journey = journeyOf(campaign.id, run.definition ?? campaign.definition);
  const skipped = skippedBy(db, run.id);
  return {
    id: run.id,
    day: run.day,
    startedAt: iso(run.startedAt),
    ...(run.finishedAt !== null ? { finishedAt: iso(run.finishedAt) } : {}),
    audience: run.audience,
    queued: run.queued,
    enrolled: run.enrolled,
    skipped: run.skipped,
    pending: pendingOf(db, run.id),
    skippedBy: skipped,
    widened: widenedOf(db, run.id),
    overCeiling: skipped.over_ceiling ?? 0,
    messages: runMessages(db, journey, run),
    heldBack: runHeldBack(db, journey, run),
  };
}

/**
 * A message campaign's journey refused by the scenario checks (a template that does not parse...): located on the
 * campaign's own fields, `action.template.<field>` or `action.<field>`.
 */
function onCampaignFields(error: InvalidScenario): ApiError {
  const issues = error.issues.map(({ path, message }) => {
    const [where, , config, ...rest] = path;
    const located = where === 'templates' ? ['action', 'template', ...path.slice(2)] : where === 'nodes' && config === 'config' ? ['action', ...rest] : ['action'];
    return { path: located.map(String), message };
  });
  return new ApiError(400, 'invalid_request', `invalid body: ${issues[0]?.path.join('.') ?? 'action'}: ${issues[0]?.message ?? error.message}`, issues);
}

/** Campaigns: a saved segment's members started on a live journey once or on a schedule, with a report per run. */
export function campaignRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { db, clock, runtime } = deps;

  /** What the definition refers to must exist: its segment, and the live journey a journey campaign starts. */
  const checkReferences = (definition: CampaignDefinition) => {
    if (!findSegment(db, definition.segment)) throw bodyIssue(['segment'], `no saved segment "${definition.segment}"`);
    const { action } = definition;
    if (action.kind !== 'journey') return;
    if (!runtime.versions.liveScenario(action.scenario)) throw bodyIssue(['action', 'scenario'], `"${action.scenario}" is not a live journey: publish it first`);
    const owner = owningCampaign(db, action.scenario);
    if (owner) throw bodyIssue(['action', 'scenario'], `"${action.scenario}" is the journey of message campaign ${owner}: it sends that campaign's message only`);
  };

  /**
   * Saves the campaign and, for a message campaign, writes and publishes its own journey, in one transaction with
   * its audit entry; a campaign that no longer sends its own message retires its journey. A volume order gets its index.
   */
  const saveWithJourney = <T>(c: Context<AppEnv>, id: string, definition: CampaignDefinition, save: () => T, note: (saved: T, version: number | undefined) => AuditNote): T => {
    const now = clock.now();
    const author = actorOf(c.get('caller')).label;
    let version: number | undefined;
    let retired = false;
    try {
      const saved = audited(
        c,
        deps,
        (result: T) => note(result, version),
        () => {
          // The order a volume floor or ceiling reads the contacts in gets its index with the campaign (a no-op when it exists).
          if (definition.volume) ensureOrderIndex(db, definition.volume.orderBy);
          const result = save();
          version = publishCampaignJourney(db, id, definition, now, author);
          if (definition.action.kind !== 'message') retired = retireCampaignJourney(db, id, now);
          return result;
        },
      );
      if (version !== undefined || retired) runtime.scenariosChanged();
      return saved;
    } catch (error) {
      throw error instanceof InvalidScenario ? onCampaignFields(error) : error;
    }
  };

  app.openapi(
    createRoute({ method: 'get', path: '/campaigns', tags, summary: 'Campaigns, newest first, with their status and next run', responses: { 200: json(CampaignListSchema, 'the campaigns') } }),
    (c) => c.json({ items: listCampaigns(db).map((row) => answer(db, row)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags,
      summary:
        'Schedule a campaign: its runs start the live journey `action.scenario` (kind `journey`), or send the message `action.template` (kind `message`, through a journey the campaign writes and publishes), for each member of the saved segment `segment`',
      request: body(CampaignDefinition),
      responses: { 201: json(CampaignSchema, 'scheduled'), ...errors(400) },
    }),
    (c) => {
      const definition = c.req.valid('json');
      checkReferences(definition);
      const now = clock.now();
      const next = nextRun(definition, now);
      if (!next) throw bodyIssue(['schedule', 'date'], 'the run would be in the past');
      const id = freshCampaignId(db);
      const row = saveWithJourney(
        c,
        id,
        definition,
        () => createCampaign(db, id, definition, next, now),
        (_, version) => ({
          action: 'campaign.create',
          target: { type: 'campaign', id },
          change: { name: definition.name, segment: definition.segment, scenario: journeyOf(id, definition), ...(version !== undefined ? { version } : {}) },
        }),
      );
      return c.json(answer(db, row), 201);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/campaigns/{id}', tags, summary: 'One campaign', request: { params: CampaignIdParam }, responses: { 200: json(CampaignSchema, 'the campaign'), ...errors(404) } }),
    (c) => c.json(answer(db, getCampaign(db, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/campaigns/{id}',
      tags,
      summary: 'Edit a campaign: the fields given change, the others stay. A run under way keeps the definition it started with; the next run follows the new schedule',
      description:
        'A message campaign whose message changes publishes a new version of its journey; one that becomes a journey campaign retires its journey. ' +
        '`spread: null` stops spreading. A cancelled campaign is not edited (409).',
      request: { params: CampaignIdParam, ...body(CampaignPatch) },
      responses: { 200: json(CampaignSchema, 'the campaign as it is now'), ...errors(400, 404, 409) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const patch = c.req.valid('json');
      const before = getCampaign(db, id);
      if (before.status === 'cancelled') throw new Conflict(`campaign ${id} is cancelled: it is not edited any more, create another`);
      const parsed = CampaignDefinition.safeParse(patchedDefinition(before.definition, patch));
      if (!parsed.success) throw badRequest(parsed.error, 'body');
      const definition = parsed.data;
      const fields = Object.keys({ ...before.definition, ...definition }) as Array<keyof CampaignDefinition>;
      const changed = fields.filter((key) => JSON.stringify(definition[key]) !== JSON.stringify(before.definition[key]));
      if (changed.length === 0) return c.json(answer(db, before), 200);
      checkReferences(definition);
      const now = clock.now();
      // After the last run's day, as resuming does: an edit never makes a day's run happen twice.
      const next = nextRun(definition, now, runsOf(db, id, 1)[0]?.day);
      if (!next && patch.schedule) throw bodyIssue(['schedule', 'date'], 'the run would be in the past');
      const row = saveWithJourney(
        c,
        id,
        definition,
        () => updateCampaign(db, id, definition, next, now),
        (_, version) => ({ action: 'campaign.update', target: { type: 'campaign', id }, change: { fields: changed, ...(version !== undefined ? { version } : {}) } }),
      );
      return c.json(answer(db, row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/campaigns/{id}/runs',
      tags,
      summary: 'The report of each run, newest first: audience, queued, enrolled, skipped by reason, messages by status, sends held back by rule',
      request: { params: CampaignIdParam },
      responses: { 200: json(CampaignRunListSchema, 'the runs'), ...errors(404) },
    }),
    (c) => {
      const campaign = getCampaign(db, c.req.valid('param').id);
      return c.json({ items: runsOf(db, campaign.id, RUNS_SHOWN).map((run) => report(db, campaign, run)) }, 200);
    },
  );

  /** Pause, resume and cancel: each a change of status, audited when it changes anything. */
  const transition = (verb: 'pause' | 'resume' | 'cancel', summary: string) =>
    app.openapi(
      createRoute({ method: 'post', path: `/campaigns/{id}/${verb}`, tags, summary, request: { params: CampaignIdParam }, responses: { 200: json(CampaignSchema, 'the campaign'), ...errors(404, 409) } }),
      (c) => {
        const { id } = c.req.valid('param');
        const before = getCampaign(db, id);
        const target = verb === 'pause' ? 'paused' : verb === 'resume' ? 'active' : 'cancelled';
        if (before.status === target) return c.json(answer(db, before), 200);
        if (before.status === 'cancelled') throw new Conflict(`campaign ${id} is cancelled`);
        const now = clock.now();
        // Resuming skips the runs missed while paused: the next is the first still to come after the last that ran.
        const lastDay = runsOf(db, id, 1)[0]?.day;
        const next = verb === 'pause' ? (before.nextRunDay !== null ? { day: before.nextRunDay, at: before.nextRunAt! } : undefined) : verb === 'resume' ? nextRun(before.definition, now, lastDay) : undefined;
        const row = audited(c, deps, { action: `campaign.${verb}`, target: { type: 'campaign', id } }, () => {
          if (verb === 'cancel') {
            stopSnapshots(db, id);
            retireCampaignJourney(db, id, now);
          }
          return setCampaignStatus(db, id, target, next, now);
        });
        if (verb === 'cancel') {
          runtime.scenariosChanged();
          // The members it had not started are closed at once: a first time-budgeted chunk now, the rest by the campaign job.
          runtime.closeCancelledCampaigns();
        }
        return c.json(answer(db, row), 200);
      },
    );
  transition('pause', 'Pause: no run starts and no member is started until resumed');
  transition('resume', 'Resume a paused campaign: members due meanwhile start now; runs missed meanwhile are skipped');
  transition('cancel', 'Cancel: no more runs; members not started yet are skipped (`cancelled`) at once (a very large run: within seconds)');
}
