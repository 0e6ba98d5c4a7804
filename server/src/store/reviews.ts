import { and, desc, eq } from 'drizzle-orm';
import { ReviewSettingsSchema, type Review, type ReviewSettings, type ReviewStatus, type Scenario } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { meta, reviewRequests, scenarios } from '../db/schema.ts';
import { NotFound } from '../domain/errors.ts';

const SETTINGS_KEY = 'review';
const OFF: ReviewSettings = { required: false };

/** Whether editors must ask for a review before a version goes live (off until an admin turns it on). */
export function loadReviewSettings(db: Db): ReviewSettings {
  const text = db.select({ value: meta.value }).from(meta).where(eq(meta.key, SETTINGS_KEY)).get()?.value;
  return text === undefined ? OFF : ReviewSettingsSchema.parse(JSON.parse(text));
}

/** Saves the setting; false when it already was so (nothing changed, nothing to audit). */
export function saveReviewSettings(db: Db, settings: ReviewSettings): boolean {
  if (loadReviewSettings(db).required === settings.required) return false;
  const value = JSON.stringify(ReviewSettingsSchema.parse(settings));
  db.insert(meta).values({ key: SETTINGS_KEY, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
  return true;
}

export interface StoredReview extends Review {
  snapshot: Scenario;
}

const iso = (ms: number) => new Date(ms).toISOString();
const columns = { review: reviewRequests, scenarioName: scenarios.name };

function toReview({ review: r, scenarioName }: { review: typeof reviewRequests.$inferSelect; scenarioName: string }): StoredReview {
  return {
    id: r.id,
    scenarioId: r.scenarioId,
    scenarioName,
    status: r.status,
    ...(r.note ? { note: r.note } : {}),
    requestedBy: r.requestedBy,
    requestedAt: iso(r.requestedAt),
    baseVersion: r.baseVersion,
    ...(r.decidedBy ? { decidedBy: r.decidedBy } : {}),
    ...(r.decidedAt !== null ? { decidedAt: iso(r.decidedAt) } : {}),
    ...(r.comment ? { comment: r.comment } : {}),
    ...(r.publishedVersion !== null ? { publishedVersion: r.publishedVersion } : {}),
    snapshot: r.snapshot,
  };
}

/** The review without its snapshot: what lists show. */
export const summaryOf = ({ snapshot: _snapshot, ...review }: StoredReview): Review => review;

/**
 * Records a request for review of `snapshot`; a pending request of the same scenario is superseded by it (the
 * editor asks again after changing the draft). Returns the new request's id and the superseded one's, if any.
 */
export function requestReview(
  db: Db,
  request: { scenarioId: string; snapshot: Scenario; baseVersion: number | null; note?: string; requestedBy: string },
  now: number,
): { id: number; supersedes?: number } {
  const pending = db
    .select({ id: reviewRequests.id })
    .from(reviewRequests)
    .where(and(eq(reviewRequests.scenarioId, request.scenarioId), eq(reviewRequests.status, 'pending')))
    .get();
  if (pending) db.update(reviewRequests).set({ status: 'superseded', decidedAt: now }).where(eq(reviewRequests.id, pending.id)).run();
  const { id } = db
    .insert(reviewRequests)
    .values({ ...request, note: request.note ?? null, status: 'pending', requestedAt: now })
    .returning({ id: reviewRequests.id })
    .get();
  return { id, ...(pending ? { supersedes: pending.id } : {}) };
}

export function getReview(db: Db, id: number): StoredReview {
  const row = db.select(columns).from(reviewRequests).innerJoin(scenarios, eq(scenarios.id, reviewRequests.scenarioId)).where(eq(reviewRequests.id, id)).get();
  if (!row) throw new NotFound(`review ${id}`);
  return toReview(row);
}

/** Reviews newest first, of one scenario and/or in one status. */
export function listReviews(db: Db, filter: { scenarioId?: string; status?: ReviewStatus }): Review[] {
  const where = and(
    filter.scenarioId === undefined ? undefined : eq(reviewRequests.scenarioId, filter.scenarioId),
    filter.status === undefined ? undefined : eq(reviewRequests.status, filter.status),
  );
  return db
    .select(columns)
    .from(reviewRequests)
    .innerJoin(scenarios, eq(scenarios.id, reviewRequests.scenarioId))
    .where(where)
    .orderBy(desc(reviewRequests.id))
    .all()
    .map((row) => summaryOf(toReview(row)));
}

/** Closes a pending review: approved (with the version it published) or sent back (with the publisher's comment). */
export function decideReview(
  db: Db,
  id: number,
  decision: { status: 'approved' | 'sent_back'; decidedBy: string; comment?: string; publishedVersion?: number },
  now: number,
): void {
  db.update(reviewRequests)
    .set({ status: decision.status, decidedBy: decision.decidedBy, decidedAt: now, comment: decision.comment ?? null, publishedVersion: decision.publishedVersion ?? null })
    .where(eq(reviewRequests.id, id))
    .run();
}
