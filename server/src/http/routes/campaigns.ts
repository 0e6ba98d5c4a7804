import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CampaignDefinition, CampaignListSchema, CampaignRunListSchema, CampaignSchema, nextRun, type CampaignStatus } from '@parcours/shared';
import { Conflict } from '../../domain/errors.ts';
import { createCampaign, getCampaign, hasRunUnderWay, listCampaigns, pendingOf, runHeldBack, runMessages, runsOf, setCampaignStatus, skippedBy, stopSnapshots, type CampaignRow, type CampaignRunRow } from '../../store/campaigns.ts';
import { findSegment } from '../../store/segments.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
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
  const { name, segment, action, schedule, timeZone, localTime, spread } = row.definition;
  return {
    id: row.id,
    name,
    segment,
    action,
    schedule,
    timeZone,
    localTime,
    ...(spread ? { spread } : {}),
    status: statusOf(db, row),
    ...(row.nextRunAt !== null ? { nextRunAt: iso(row.nextRunAt) } : {}),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
};

const report = (db: AppDeps['db'], campaign: CampaignRow, run: CampaignRunRow) => ({
  id: run.id,
  day: run.day,
  startedAt: iso(run.startedAt),
  ...(run.finishedAt !== null ? { finishedAt: iso(run.finishedAt) } : {}),
  audience: run.audience,
  queued: run.queued,
  enrolled: run.enrolled,
  skipped: run.skipped,
  pending: pendingOf(db, run.id),
  skippedBy: skippedBy(db, run.id),
  messages: runMessages(db, campaign.definition.action.scenario, run),
  heldBack: runHeldBack(db, campaign.definition.action.scenario, run),
});

/** Campaigns: a saved segment's members started on a live journey once or on a schedule, with a report per run. */
export function campaignRoutes(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  const { db, clock, runtime } = deps;

  app.openapi(
    createRoute({ method: 'get', path: '/campaigns', tags, summary: 'Campaigns, newest first, with their status and next run', responses: { 200: json(CampaignListSchema, 'the campaigns') } }),
    (c) => c.json({ items: listCampaigns(db).map((row) => answer(db, row)) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/campaigns',
      tags,
      summary: 'Schedule a campaign: its runs start the live journey `action.scenario` for each member of the saved segment `segment`',
      request: body(CampaignDefinition),
      responses: { 201: json(CampaignSchema, 'scheduled'), ...errors(400) },
    }),
    (c) => {
      const definition = c.req.valid('json');
      if (!findSegment(db, definition.segment)) throw bodyIssue(['segment'], `no saved segment "${definition.segment}"`);
      if (!runtime.versions.liveScenario(definition.action.scenario)) throw bodyIssue(['action', 'scenario'], `"${definition.action.scenario}" is not a live journey: publish it first`);
      const now = clock.now();
      const next = nextRun(definition, now);
      if (!next) throw bodyIssue(['schedule', 'date'], 'the run would be in the past');
      const row = audited(
        c,
        deps,
        (created) => ({ action: 'campaign.create', target: { type: 'campaign', id: created.id }, change: { name: definition.name, segment: definition.segment, scenario: definition.action.scenario } }),
        () => createCampaign(db, definition, next, now),
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
          if (verb === 'cancel') stopSnapshots(db, id);
          return setCampaignStatus(db, id, target, next, now);
        });
        // The members it had not started are closed at once: a first time-budgeted chunk now, the rest by the campaign job.
        if (verb === 'cancel') runtime.closeCancelledCampaigns();
        return c.json(answer(db, row), 200);
      },
    );
  transition('pause', 'Pause: no run starts and no member is started until resumed');
  transition('resume', 'Resume a paused campaign: members due meanwhile start now; runs missed meanwhile are skipped');
  transition('cancel', 'Cancel: no more runs; members not started yet are skipped (`cancelled`) at once (a very large run: within seconds)');
}
