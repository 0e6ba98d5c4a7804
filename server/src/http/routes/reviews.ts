import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import {
  REVIEW_STATUSES,
  ReviewApprovalSchema,
  ReviewDetailSchema,
  ReviewListSchema,
  ReviewSchema,
  ReviewSettingsSchema,
  diffIsEmpty,
  diffScenarios,
  draftDiffersFromLive,
  type ReviewStaleReason,
} from '@parcours/shared';
import type { Db } from '../../db/open.ts';
import { CasesFailed, NotFound } from '../../domain/errors.ts';
import { decideReview, getReview, listReviews, loadReviewSettings, requestReview, saveReviewSettings, summaryOf, type StoredReview } from '../../store/reviews.ts';
import { getScenario, getVersion, publish, runnableDraft, refuseIfOwned, scenarioExists } from '../../store/scenarios.ts';
import { actorOf, audited, ifDone } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ScenarioIdParam, inFlightFields, mappingNeedsMove } from '../schemas.ts';
import { body, errors, json } from './common.ts';
import { moveOnPublish } from './in-flight.ts';
import { failingCases } from './scenarios.ts';

/**
 * Review before publishing (issue 16): a workspace setting, off by default. When on, an editor asks for a review of
 * the draft as it is now (a snapshot); a publisher approves, which publishes that exact snapshot, or sends it back
 * with a comment. Approval is refused once the draft (positions aside) or the live version changed since the request:
 * what would go live must be what was reviewed, so the editor asks again.
 */

const tags = ['reviews'];
const Comment = z.string().trim().max(2000);
const SettingsBody = z.object(ReviewSettingsSchema.shape).strict().openapi('ReviewSettingsRequest');
const RequestBody = z.object({ note: Comment.optional().openapi({ description: 'What the change is for, for the reviewer (kept as the version note)' }) }).strict().openapi('ReviewRequest');
const ApproveBody = z
  .object({
    comment: Comment.optional(),
    override: z.boolean().optional().openapi({ description: 'Publish even though some saved test cases fail (the answer lists them)' }),
    ...inFlightFields,
  })
  .strict()
  .refine(...mappingNeedsMove)
  .openapi('ReviewApproveRequest');
const SendBackBody = z.object({ comment: Comment.min(1, 'say what to change') }).strict().openapi('ReviewSendBackRequest');
const ReviewParam = z.object({ review: z.coerce.number().int().min(1).openapi({ param: { name: 'review', in: 'path' }, example: 1 }) });
const ListQuery = z.object({ status: z.enum(REVIEW_STATUSES).optional().openapi({ description: 'only the reviews in this status (`pending`: waiting for a publisher)' }) });

const STALE_MESSAGES: Record<ReviewStaleReason, string> = {
  draft_changed: 'the draft changed since the review was asked for: the editor asks again for the draft as it is now',
  version_changed: 'another version went live since the review was asked for: the editor asks again over it',
};

/** Why approving a pending review would publish something other than what was reviewed; null when it would not. */
function staleness(db: Db, review: StoredReview): ReviewStaleReason | null {
  if (review.status !== 'pending') return null;
  const { latestVersion, draft } = getScenario(db, review.scenarioId);
  if (latestVersion !== review.baseVersion) return 'version_changed';
  return diffIsEmpty(diffScenarios(review.snapshot, draft)) ? null : 'draft_changed';
}

/**
 * When review is on, a role refusal of the publish route says how to publish instead. It wraps the access
 * middleware (registered before it), so the role table stays the one gate.
 */
export function reviewHint(db: Db): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method !== 'POST' || c.res.status !== 403 || !loadReviewSettings(db).required) return;
    const answer = (await c.res.clone().json()) as { error: { code: string; message: string } };
    if (answer.error.code !== 'forbidden') return;
    const message = `${answer.error.message}. Review before publishing is on: ask for a review with POST ${c.req.path.replace(/\/publish$/, '/reviews')}`;
    c.res = c.json({ error: { code: 'forbidden', message } }, 403);
  };
}

export function reviewRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  const deps = { db, clock };
  const scenario = (id: string) => ({ type: 'scenario', id });

  app.openapi(
    createRoute({ method: 'get', path: '/settings/review', tags, summary: 'Whether editors must ask for a review before publishing', responses: { 200: json(ReviewSettingsSchema, 'the setting') } }),
    (c) => c.json(loadReviewSettings(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/review',
      tags,
      summary: 'Turn review before publishing on or off (pending reviews stay, and can still be decided)',
      request: body(SettingsBody),
      responses: { 200: json(ReviewSettingsSchema, 'the saved setting'), ...errors(400) },
    }),
    (c) => {
      const settings = c.req.valid('json');
      audited(c, deps, ifDone({ action: 'settings.review', target: { type: 'settings', id: 'review' }, change: { required: settings.required } }), () => saveReviewSettings(db, settings));
      return c.json(loadReviewSettings(db), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/reviews',
      tags,
      summary: 'Ask a publisher to review the draft as it is now (review before publishing must be on); replaces a pending request of the scenario',
      request: { params: ScenarioIdParam, body: { content: { 'application/json': { schema: RequestBody } }, required: false } },
      responses: { 201: json(ReviewSchema, 'asked'), ...errors(400, 404, 409, 422) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      refuseIfOwned(db, id);
      if (!loadReviewSettings(db).required) throw new ApiError(409, 'review_off', 'review before publishing is off: a publisher publishes directly');
      const { detail, scenario: snapshot } = runnableDraft(db, id, 'fix the draft before asking for a review');
      const live = detail.latestVersion === null ? undefined : getVersion(db, id, detail.latestVersion);
      if (live && !draftDiffersFromLive(live, snapshot)) throw new ApiError(409, 'nothing_to_publish', `the draft equals version ${detail.latestVersion}: there is nothing to review`);
      const text = note || undefined;
      const requestedBy = actorOf(c.get('caller')).label ?? 'unknown';
      const { id: review } = audited(
        c,
        deps,
        (r) => ({ action: 'review.request', target: scenario(id), change: { review: r.id, ...(text ? { note: text } : {}), ...(r.supersedes ? { supersedes: r.supersedes } : {}) } }),
        () => requestReview(db, { scenarioId: id, snapshot, baseVersion: detail.latestVersion, note: text, requestedBy }, clock.now()),
      );
      return c.json(summaryOf(getReview(db, review)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/scenarios/{id}/reviews',
      tags,
      summary: "The scenario's reviews, newest first: pending, approved, sent back (with the publisher's comment), superseded",
      request: { params: ScenarioIdParam },
      responses: { 200: json(ReviewListSchema, 'the reviews'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!scenarioExists(db, id)) throw new NotFound(`scenario ${id}`);
      return c.json({ items: listReviews(db, { scenarioId: id }) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/reviews', tags, summary: 'Reviews of every scenario, newest first', request: { query: ListQuery }, responses: { 200: json(ReviewListSchema, 'the reviews'), ...errors(400) } }),
    (c) => c.json({ items: listReviews(db, { status: c.req.valid('query').status }) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reviews/{review}',
      tags,
      summary: 'One review: the snapshot, what it changes over the version live at the request, and whether it can still be approved',
      request: { params: ReviewParam },
      responses: { 200: json(ReviewDetailSchema, 'the review'), ...errors(400, 404) },
    }),
    (c) => {
      const review = getReview(db, c.req.valid('param').review);
      const base = review.baseVersion === null ? undefined : getVersion(db, review.scenarioId, review.baseVersion);
      const stale = staleness(db, review);
      const draftChanges = stale === 'draft_changed' ? diffScenarios(review.snapshot, getScenario(db, review.scenarioId).draft) : null;
      return c.json({ ...review, diff: diffScenarios(base, review.snapshot), stale, draftChanges }, 200);
    },
  );

  /** The pending review of the path, or a 409 saying why it cannot be decided. */
  const pendingReview = (id: number, decision: string) => {
    const review = getReview(db, id);
    if (review.status !== 'pending') throw new ApiError(409, 'review_closed', `review ${id} is ${review.status.replace('_', ' ')}: only a pending review can be ${decision}`);
    return review;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/reviews/{review}/approve',
      tags,
      summary: 'Approve a pending review: publishes the reviewed snapshot as a new version',
      description:
        'Refused with 409 `review_stale` when the draft (positions aside) or the live version changed since the request; ' +
        'with 422 `cases_failed` when saved test cases fail, unless `{ "override": true }`. `inFlight` and `mapping` move the contacts in ' +
        'flight as when publishing directly (422 `invalid_mapping` approves nothing). The body is optional.',
      request: { params: ReviewParam, body: { content: { 'application/json': { schema: ApproveBody } }, required: false } },
      responses: { 201: json(ReviewApprovalSchema, 'approved and published'), ...errors(400, 404, 409, 422) },
    }),
    (c) => {
      const id = c.req.valid('param').review;
      const { comment, override = false, inFlight = 'keep', mapping = {} } = c.req.valid('json');
      const review = pendingReview(id, 'approved');
      const stale = staleness(db, review);
      if (stale) throw new ApiError(409, 'review_stale', STALE_MESSAGES[stale]);
      const failing = failingCases(review.snapshot);
      if (failing.length > 0 && !override) {
        throw new CasesFailed(`${failing.length} saved test case(s) fail: send the review back, or approve with { "override": true }`, failing);
      }
      const approver = actorOf(c.get('caller')).label ?? 'unknown';
      const { version, moved } = audited(
        c,
        deps,
        (result) => ({
          action: 'review.approve',
          target: scenario(review.scenarioId),
          change: { review: id, version: result.version, ...(override && failing.length > 0 ? { override: true } : {}), ...(result.moved !== undefined ? { moved: result.moved } : {}) },
        }),
        () => {
          // The version keeps the editor's note; its author is who published it.
          const result = publish(db, review.scenarioId, clock.now(), { note: review.note, author: approver, definition: review.snapshot });
          decideReview(db, id, { status: 'approved', decidedBy: approver, comment: comment || undefined, publishedVersion: result.version }, clock.now());
          // In the same transaction, as when publishing directly: an unsound mapping undoes the approval too.
          return { ...result, moved: inFlight === 'move' ? moveOnPublish({ db, runtime }, review.scenarioId, result.version, mapping, clock.now()) : undefined };
        },
      );
      runtime.scenariosChanged();
      return c.json({ review: summaryOf(getReview(db, id)), version, ...(failing.length > 0 ? { failingCases: failing } : {}), ...(moved !== undefined ? { moved } : {}) }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/reviews/{review}/send-back',
      tags,
      summary: 'Send a pending review back to the editor with a comment saying what to change; nothing is published',
      request: { params: ReviewParam, ...body(SendBackBody) },
      responses: { 200: json(ReviewSchema, 'sent back'), ...errors(400, 404, 409) },
    }),
    (c) => {
      const id = c.req.valid('param').review;
      const { comment } = c.req.valid('json');
      const review = pendingReview(id, 'sent back');
      const decidedBy = actorOf(c.get('caller')).label ?? 'unknown';
      audited(c, deps, { action: 'review.send_back', target: scenario(review.scenarioId), change: { review: id, comment } }, () =>
        decideReview(db, id, { status: 'sent_back', decidedBy, comment }, clock.now()),
      );
      return c.json(summaryOf(getReview(db, id)), 200);
    },
  );
}
