import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import {
  Condition,
  SegmentDefinition,
  SegmentEstimateSchema,
  SegmentListSchema,
  SegmentMembersSchema,
  SegmentSchema,
  SegmentSizesSchema,
  estimateSize,
  evaluateCondition,
  historyReadBy,
  type Json,
} from '@parcours/shared';
import { stringify } from 'csv-stringify/sync';
import { stream } from 'hono/streaming';
import { attributeCatalogue } from '../../store/attributes.ts';
import { campaignsTargeting } from '../../store/campaigns.ts';
import { Conflict } from '../../domain/errors.ts';
import { sampleFacts } from '../../store/forecast-sample.ts';
import { liveVersions, getVersion } from '../../store/scenarios.ts';
import { createSegment, dayOf, deleteSegment, getSegment, listSegments, segmentMembers, sizeHistory, updateSegment, type SegmentRow } from '../../store/segments.ts';
import { readJson } from '../body.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { badRequest } from '../errors.ts';
import { errors, json } from './common.ts';

const tags = ['segments'];
/** Contacts evaluated for a live size estimate: its 95 % margin is at most about ±1.4 % of the contacts. */
export const ESTIMATE_SAMPLE = 5000;
/** Matching contacts shown beside an estimate. */
const SAMPLE_SHOWN = 10;
const WEEK = 7 * 86_400_000;
/** How far back an estimate reads events for a condition that counts them however old. */
const EVER_WEEKS = 58;
const DAY = 86_400_000;
/** Members per page of an export: read in pages so no query stays open while others run. */
const EXPORT_PAGE = 1000;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const DefinitionDoc = {
  type: 'object' as const,
  required: ['name', 'condition'],
  properties: { name: { type: 'string' as const, minLength: 1, maxLength: 200 }, description: { type: 'string' as const, maxLength: 2000 }, condition: ref('Condition') },
  additionalProperties: false,
};
const definitionBody = { body: { content: { 'application/json': { schema: DefinitionDoc } }, required: true } };
const estimateBody = {
  body: { content: { 'application/json': { schema: { type: 'object' as const, required: ['condition'], properties: { condition: ref('Condition') }, additionalProperties: false } } }, required: true },
};

const SegmentIdParam = z.object({ id: z.string().min(1).max(200).openapi({ param: { name: 'id', in: 'path' }, example: 'seg-1a2b3c4d' }) });
const MembersQuery = z.object({
  after: z.string().max(200).optional().openapi({ description: 'The `next` of the previous page' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD');
const SizesQuery = z.object({ from: Day.optional(), to: Day.optional() });

const iso = (at: number) => new Date(at).toISOString();
const answer = (row: SegmentRow) => ({
  id: row.id,
  name: row.name,
  ...(row.description ? { description: row.description } : {}),
  condition: row.condition,
  size: row.size,
  computing: row.computeAfter !== null,
  createdAt: iso(row.createdAt),
  updatedAt: iso(row.updatedAt),
});
const member = (row: { id: string; enteredAt: number; attributes: string }) => ({ id: row.id, enteredAt: iso(row.enteredAt), attributes: JSON.parse(row.attributes) as Record<string, Json> });

async function definitionOf(body: Promise<unknown>) {
  const parsed = SegmentDefinition.safeParse(await body);
  if (!parsed.success) throw badRequest(parsed.error, 'body');
  return parsed.data;
}

/** Live scenarios whose saved segment entry names the segment: it may not go while they run. */
function liveUsers(db: AppDeps['db'], segmentId: string): string[] {
  return liveVersions(db).flatMap(({ scenarioId, version }) =>
    getVersion(db, scenarioId, version)?.nodes.some((n) => n.type === 'entry.membership' && n.config.segment === segmentId) ? [scenarioId] : [],
  );
}

/** Saved segments: definitions, live size estimates, members, size history, CSV export. */
export function segmentRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/segments', tags, summary: 'Saved segments with their size now', responses: { 200: json(SegmentListSchema, 'the segments') } }),
    (c) => c.json({ items: listSegments(db).map(answer) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/segments',
      tags,
      summary: 'Save a segment; its membership is computed in the background (`computing` until done)',
      request: definitionBody,
      responses: { 201: json(SegmentSchema, 'saved'), ...errors(400) },
    }),
    async (c) => {
      const definition = await definitionOf(readJson(c));
      const row = createSegment(db, definition, clock.now());
      runtime.segmentsChanged();
      return c.json(answer(row), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/segments/estimate',
      tags,
      summary: 'How many contacts a draft condition takes in now: exact up to 5,000 contacts, else estimated on a uniform random sample of 5,000 with its 95 % margin',
      request: estimateBody,
      responses: { 200: json(SegmentEstimateSchema, 'the estimate'), ...errors(400) },
    }),
    async (c) => {
      const parsed = z.object({ condition: Condition }).strict().safeParse(await readJson(c));
      if (!parsed.success) throw badRequest(parsed.error, 'body');
      const { condition } = parsed.data;
      const now = clock.now();
      const history = historyReadBy(condition);
      const weeks = history === Infinity ? EVER_WEEKS : Math.ceil(history / WEEK);
      const sample = sampleFacts(db, ESTIMATE_SAMPLE, weeks, now, 'UTC');
      const matching = sample.filter((facts) => evaluateCondition(condition, facts, now));
      const contacts = (db.$client.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
      const shown = matching.slice(0, SAMPLE_SHOWN).map((facts) => ({ id: facts.id, attributes: facts.attributes }));
      return c.json({ ...estimateSize(matching.length, sample.length, contacts), sample: shown }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/segments/{id}', tags, summary: 'One saved segment', request: { params: SegmentIdParam }, responses: { 200: json(SegmentSchema, 'the segment'), ...errors(404) } }),
    (c) => c.json(answer(getSegment(db, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/segments/{id}',
      tags,
      summary: 'Change a segment; a changed condition computes its membership again',
      request: { params: SegmentIdParam, ...definitionBody },
      responses: { 200: json(SegmentSchema, 'saved'), ...errors(400, 404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      getSegment(db, id);
      const row = updateSegment(db, id, await definitionOf(readJson(c)), clock.now());
      runtime.segmentsChanged();
      return c.json(answer(row), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/segments/{id}',
      tags,
      summary: 'Delete a segment (refused while a live scenario enters on it or a campaign still to run targets it)',
      request: { params: SegmentIdParam },
      responses: { 204: { description: 'deleted' }, ...errors(404, 409) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      getSegment(db, id);
      const users = liveUsers(db, id);
      if (users.length > 0) throw new Conflict(`segment ${id} is the entry of live scenarios: ${users.join(', ')}`);
      const campaigns = campaignsTargeting(db, id);
      if (campaigns.length > 0) throw new Conflict(`segment ${id} is the audience of campaigns still to run: ${campaigns.join(', ')}`);
      deleteSegment(db, id);
      runtime.segmentsChanged();
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}/members',
      tags,
      summary: 'Members in contact id order, a page at a time',
      request: { params: SegmentIdParam, query: MembersQuery },
      responses: { 200: json(SegmentMembersSchema, 'a page of members'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { after, limit } = c.req.valid('query');
      const rows = segmentMembers(db, id, after, limit);
      return c.json({ items: rows.map(member), ...(rows.length === limit ? { next: rows.at(-1)!.id } : {}) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}/sizes',
      tags,
      summary: 'Size at the end of each UTC day from `from` to `to` (the last 30 days by default)',
      request: { params: SegmentIdParam, query: SizesQuery },
      responses: { 200: json(SegmentSizesSchema, 'one size per day'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const to = query.to ?? dayOf(clock.now());
      const from = query.from ?? dayOf(Date.parse(to) - 29 * DAY);
      if (from > to) throw badRequest(new z.ZodError([{ code: 'custom', path: ['from'], message: 'must not be after `to`', input: from }]), 'query');
      if (Date.parse(to) - Date.parse(from) > 731 * DAY) throw badRequest(new z.ZodError([{ code: 'custom', path: ['from'], message: 'at most 731 days before `to`', input: from }]), 'query');
      const { before, days } = sizeHistory(db, id, from, to);
      // A day without a change kept the size of the day before it.
      const stored = new Map(days.map((d) => [d.day, d.size]));
      const series: Array<{ day: string; size: number }> = [];
      let size = before;
      for (let at = Date.parse(from); at <= Date.parse(to); at += DAY) {
        const day = dayOf(at);
        size = stored.get(day) ?? size;
        series.push({ day, size });
      }
      return c.json({ days: series }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/segments/{id}/export.csv',
      tags,
      summary: 'Every member as CSV: id, entered_at, then one column per attribute',
      request: { params: SegmentIdParam },
      responses: { 200: { content: { 'text/csv': { schema: { type: 'string' } } }, description: 'the members' }, ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      getSegment(db, id);
      // The columns are the attribute catalogue's, known before the first row: the export streams page by page.
      const attributes = attributeCatalogue(db).attributes.map((a) => a.name);
      const cell = (value: Json | undefined) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${id}.csv"`);
      return stream(c, async (out) => {
        await out.write(stringify([['id', 'entered_at', ...attributes]]));
        for (let after: string | undefined; ; ) {
          const page = segmentMembers(db, id, after, EXPORT_PAGE).map(member);
          if (page.length > 0) await out.write(stringify(page.map((m) => [m.id, m.enteredAt, ...attributes.map((a) => cell(m.attributes[a]))])));
          if (page.length < EXPORT_PAGE) break;
          after = page.at(-1)!.id;
        }
      }) as never;
    },
  );
}
