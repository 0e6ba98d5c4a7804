import { randomUUID } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { CampaignDefinition, CampaignSkipReason } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { perDatabase } from '../db/per-database.ts';
import { boundLimit, RawStatement } from '../db/raw-statement.ts';
import { claimed, jsonField, worded } from '../db/dialect.ts';
import { campaignRuns, campaigns, type DeliverySource, type RunStage, type StoredCampaignStatus } from '../db/schema.ts';
import { NotFound } from '../domain/errors.ts';
import type { RankCursor } from './campaign-order.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
export type CampaignRunRow = typeof campaignRuns.$inferSelect;
export type NextRun = { day: string; at: number } | undefined;

/** What a run's slices read: the run with its campaign's definition and state. */
export interface ActiveRun {
  id: number;
  campaignId: string;
  day: string;
  startedAt: number;
  audience: number;
  snapshotAfter: string | null;
  stage: RunStage;
  /** Where the walk in the volume order stands (null: at the start). */
  rankAfter: RankCursor | null;
  kept: number;
  queued: number;
  /** The definition the run started with. */
  definition: CampaignDefinition;
  journeyVersion: number | null;
  status: StoredCampaignStatus;
}

export interface DueDelivery {
  runId: number;
  campaignId: string;
  contactId: string;
  source: DeliverySource;
  campaignStatus: StoredCampaignStatus;
  definition: CampaignDefinition;
  journeyVersion: number | null;
}

export interface NewDelivery {
  contactId: string;
  dueAt: number;
  status: 'pending' | 'skipped';
  reason: CampaignSkipReason | null;
  source: DeliverySource;
}

/**
 * Where a run's copy of its audience stands after a slice: the stage, the id cursor of an id-order stage ('' at a
 * stage's start; null once the whole audience is copied) and the walk's cursor of an ordered one.
 */
export interface CopyProgress {
  stage: RunStage;
  after: string | null;
  rankAfter?: RankCursor | null;
}

/**
 * The pending members of cancelled campaigns' unfinished runs, walked from the (few) cancelled campaigns: on SQLite,
 * CROSS JOIN keeps that order. Left to choose, SQLite scanned every pending member of every campaign first, in each
 * transaction of a run (a fifth of a 100k campaign's time, and growing with the audience). PostgreSQL has no
 * CROSS JOIN … ON and its planner weighs the tables' statistics: a plain JOIN.
 */
function cancelledPendingFrom(db: Db): string {
  const join = worded(db.$client, { sqlite: 'CROSS JOIN', postgres: 'JOIN' });
  return `campaigns c
  ${join} campaign_runs r ON r.campaign_id = c.id AND r.finished_at IS NULL
  ${join} campaign_deliveries d ON d.run_id = r.id AND d.status = 'pending'
  WHERE c.status = 'cancelled'`;
}

/** The runtime's statements, prepared once per database: a run of 1M contacts calls them in thousands of slices. */
function prepare(db: Db) {
  const statement = <P extends object, R = never>(sql: string) => new RawStatement<P, R>(db.$client.prepare(sql));
  return {
    members: statement<{ segmentId: string; after: string; limit: number }, { id: string; timeZone: string | null }>(
      `SELECT m.contact_id AS id, c.time_zone AS timeZone FROM segment_members m JOIN contacts c ON c.id = m.contact_id
       WHERE m.segment_id = @segmentId AND m.contact_id > @after ORDER BY m.contact_id ${boundLimit()}`,
    ),
    insertDelivery: statement<{ runId: number; contactId: string; dueAt: number; status: string; reason: string | null; source: DeliverySource }>(
      `INSERT INTO campaign_deliveries (run_id, contact_id, due_at, status, reason, source) VALUES (@runId, @contactId, @dueAt, @status, @reason, @source)
       ON CONFLICT DO NOTHING`,
    ),
    due: statement<{ now: number; limit: number }, { runId: number; campaignId: string; contactId: string; source: DeliverySource; campaignStatus: StoredCampaignStatus; definition: string; journeyVersion: number | null }>(
      `SELECT d.run_id AS runId, r.campaign_id AS campaignId, d.contact_id AS contactId, d.source, c.status AS campaignStatus, r.definition AS definition, r.journey_version AS journeyVersion
       FROM campaign_deliveries d JOIN campaign_runs r ON r.id = d.run_id JOIN campaigns c ON c.id = r.campaign_id
       WHERE d.status = 'pending' AND d.due_at <= @now AND c.status <> 'paused' ORDER BY d.due_at ${boundLimit()} ${claimed(db.$client, 'd')}`,
    ),
    settle: statement<{ runId: number; contactId: string; status: string; reason: string | null }>(
      `UPDATE campaign_deliveries SET status = @status, reason = @reason WHERE run_id = @runId AND contact_id = @contactId AND status = 'pending'`,
    ),
    count: statement<{ runId: number; enrolled: number; skipped: number }>('UPDATE campaign_runs SET enrolled = enrolled + @enrolled, skipped = skipped + @skipped WHERE id = @runId'),
    isMember: statement<{ segmentId: string; contactId: string }, { one: number }>('SELECT 1 AS one FROM segment_members WHERE segment_id = @segmentId AND contact_id = @contactId'),
    dueCampaigns: statement<{ now: number; limit: number }, { id: string }>(
      `SELECT id FROM campaigns WHERE next_run_at IS NOT NULL AND next_run_at <= @now AND status = 'active' ORDER BY next_run_at ${boundLimit()}`,
    ),
    snapshotting: activeRuns('r.snapshot_after IS NOT NULL'),
    unfinished: activeRuns('r.snapshot_after IS NULL AND r.finished_at IS NULL'),
    advanceSnapshot: statement<{ runId: number; after: string | null; stage: RunStage; rankKey: number | null; rankId: string | null; queued: number; skipped: number; kept: number }>(
      `UPDATE campaign_runs SET snapshot_after = @after, stage = @stage, rank_after_key = @rankKey, rank_after_id = @rankId,
       queued = queued + @queued, skipped = skipped + @skipped, kept = kept + @kept WHERE id = @runId`,
    ),
    cancelledPending: statement<{ limit: number }, { runId: number; contactId: string }>(
      `SELECT d.run_id AS runId, d.contact_id AS contactId FROM ${cancelledPendingFrom(db)} ${boundLimit()}`,
    ),
    anyPending: statement<{ runId: number }, { one: number }>(`SELECT 1 AS one FROM campaign_deliveries WHERE status = 'pending' AND run_id = @runId LIMIT 1`),
    finish: statement<{ runId: number; now: number }>('UPDATE campaign_runs SET finished_at = @now WHERE id = @runId'),
  };

  function activeRuns(where: string) {
    return statement<object, Omit<ActiveRun, 'definition' | 'rankAfter'> & { definition: string; rankAfterKey: number | null; rankAfterId: string | null }>(
      `SELECT r.id, r.campaign_id AS campaignId, r.day, r.started_at AS startedAt, r.audience, r.snapshot_after AS snapshotAfter, r.stage,
       r.rank_after_key AS rankAfterKey, r.rank_after_id AS rankAfterId, r.kept, r.queued,
       r.definition, r.journey_version AS journeyVersion, c.status FROM campaign_runs r JOIN campaigns c ON c.id = r.campaign_id WHERE ${where} ORDER BY r.id`,
    );
  }
}

const statements = perDatabase(prepare);

// Campaigns --------------------------------------------------------------------------------------

/** A new campaign's id: also its journey's when it sends a message, so taken by no scenario either. */
export function freshCampaignId(db: Db): string {
  for (;;) {
    const id = `camp-${randomUUID().slice(0, 8)}`;
    if (!db.$client.prepare('SELECT 1 FROM campaigns WHERE id = ? UNION ALL SELECT 1 FROM scenarios WHERE id = ?').get(id, id)) return id;
  }
}

export function createCampaign(db: Db, id: string, definition: CampaignDefinition, next: NextRun, now: number): CampaignRow {
  const row: CampaignRow = {
    id,
    name: definition.name,
    definition,
    status: 'active',
    nextRunDay: next?.day ?? null,
    nextRunAt: next?.at ?? null,
    createdAt: now,
    updatedAt: now,
  };
  db.insert(campaigns).values(row).run();
  return row;
}

export function getCampaign(db: Db, id: string): CampaignRow {
  const row = db.select().from(campaigns).where(eq(campaigns.id, id)).get();
  if (!row) throw new NotFound(`campaign ${id}`);
  return row;
}

export const listCampaigns = (db: Db): CampaignRow[] => db.select().from(campaigns).orderBy(desc(campaigns.createdAt), campaigns.id).all();

/** Pauses, resumes or cancels; a cancelled campaign has no next run. Returns the campaign as it is now. */
export function setCampaignStatus(db: Db, id: string, status: StoredCampaignStatus, next: NextRun, now: number): CampaignRow {
  db.update(campaigns)
    .set({ status, nextRunDay: next?.day ?? null, nextRunAt: next?.at ?? null, updatedAt: now })
    .where(eq(campaigns.id, id))
    .run();
  return getCampaign(db, id);
}

/** Replaces the campaign's definition and next run (its runs under way keep theirs). Returns the campaign as it is now. */
export function updateCampaign(db: Db, id: string, definition: CampaignDefinition, next: NextRun, now: number): CampaignRow {
  db.update(campaigns)
    .set({ name: definition.name, definition, nextRunDay: next?.day ?? null, nextRunAt: next?.at ?? null, updatedAt: now })
    .where(eq(campaigns.id, id))
    .run();
  return getCampaign(db, id);
}

/** A cancelled campaign copies no more of its runs' audiences. */
export function stopSnapshots(db: Db, campaignId: string): void {
  db.$client.prepare('UPDATE campaign_runs SET snapshot_after = NULL WHERE campaign_id = ? AND snapshot_after IS NOT NULL').run(campaignId);
}

/** Active campaigns whose next run is due by `now`, earliest first. */
export const dueCampaigns = (db: Db, now: number, limit: number): CampaignRow[] =>
  statements(db)
    .dueCampaigns.all({ now, limit })
    .map((row) => getCampaign(db, row.id));

/** The campaign's run after the one that just started (none: the campaign has no more runs). */
export function setNextRun(db: Db, id: string, next: NextRun): void {
  db.update(campaigns)
    .set({ nextRunDay: next?.day ?? null, nextRunAt: next?.at ?? null })
    .where(eq(campaigns.id, id))
    .run();
}

// Runs -------------------------------------------------------------------------------------------

/** Starts a run with the campaign's definition as it is now (and, for a message campaign, its journey's live version). */
export function startRun(db: Db, campaign: CampaignRow, startedAt: number, audience: number, journeyVersion: number | null, stage: RunStage): number {
  const { id: campaignId, nextRunDay: day, definition } = campaign;
  const row = db.insert(campaignRuns).values({ campaignId, day: day!, startedAt, audience, snapshotAfter: '', definition, journeyVersion, stage }).returning({ id: campaignRuns.id }).get();
  return row.id;
}

/** The row (fresh from SQLite) with its definition parsed, in place: a spread copy cost microseconds per due member here. */
const withDefinition = <T extends { definition: string }>(row: T) =>
  Object.assign(row, { definition: JSON.parse(row.definition) as CampaignDefinition }) as Omit<T, 'definition'> & { definition: CampaignDefinition };
const activeRun = ({ rankAfterKey, rankAfterId, ...row }: Omit<ActiveRun, 'definition' | 'rankAfter'> & { definition: string; rankAfterKey: number | null; rankAfterId: string | null }): ActiveRun => ({
  ...withDefinition(row),
  rankAfter: rankAfterKey === null || rankAfterId === null ? null : { key: rankAfterKey, id: rankAfterId },
});

/** Runs whose audience is still being copied, oldest first. */
export const runsToSnapshot = (db: Db): ActiveRun[] => statements(db).snapshotting.all({}).map(activeRun);

/** Runs not finished yet whose audience is all copied: finished once none of their members is pending. */
export const runsToFinish = (db: Db): ActiveRun[] => statements(db).unfinished.all({}).map(activeRun);

/** Up to `limit` members of the segment after `after` in contact id order, with their time zone. */
export const membersAfter = (db: Db, segmentId: string, after: string, limit: number) => statements(db).members.all({ segmentId, after, limit });

/** Copies members into the run and moves its cursors (see CopyProgress), in the caller's transaction. */
export function addDeliveries(db: Db, run: ActiveRun, deliveries: NewDelivery[], progress: CopyProgress): void {
  const q = statements(db);
  let queued = 0;
  let skipped = 0;
  for (const d of deliveries) {
    if (q.insertDelivery.run({ runId: run.id, ...d }).changes === 0) continue;
    queued++;
    if (d.status === 'skipped') skipped++;
  }
  const rank = progress.rankAfter ?? null;
  q.advanceSnapshot.run({ runId: run.id, after: progress.after, stage: progress.stage, rankKey: rank?.key ?? null, rankId: rank?.id ?? null, queued, skipped, kept: queued - skipped });
}

/** Pending members due by `now`, earliest first, of campaigns that are not paused (a cancelled one's are closed). */
export const dueDeliveries = (db: Db, now: number, limit: number): DueDelivery[] =>
  statements(db).due.all({ now, limit }).map(withDefinition);

/** Up to `limit` members of cancelled campaigns' runs not started yet, whatever their instant. */
export const cancelledPending = (db: Db, limit: number) => statements(db).cancelledPending.all({ limit });

type SettleOutcome = { status: 'enrolled' } | { status: 'skipped'; reason: CampaignSkipReason };

/** A member started or skipped: what settleDeliveries records. */
export interface Settled {
  runId: number;
  contactId: string;
  outcome: SettleOutcome;
}

/**
 * Members started or skipped; their runs' counters follow, in the same transaction: once per run for the whole
 * list rather than once per member (with insertTrace, a 1M-contact campaign went from 111.5 to 103.0 s).
 */
export function settleDeliveries(db: Db, settled: readonly Settled[]): void {
  const q = statements(db);
  const tally = new Map<number, { runId: number; enrolled: number; skipped: number }>();
  for (const { runId, contactId, outcome } of settled) {
    const reason = outcome.status === 'skipped' ? outcome.reason : null;
    if (q.settle.run({ runId, contactId, status: outcome.status, reason }).changes === 0) continue;
    let counts = tally.get(runId);
    if (!counts) tally.set(runId, (counts = { runId, enrolled: 0, skipped: 0 }));
    counts[outcome.status]++;
  }
  for (const counts of tally.values()) q.count.run(counts);
}

export const isSegmentMember = (db: Db, segmentId: string, contactId: string): boolean => statements(db).isMember.get({ segmentId, contactId }) !== undefined;

/** Marks the run finished when none of its members is pending any more; returns whether it did. */
export function finishRunIfDone(db: Db, runId: number, now: number): boolean {
  const q = statements(db);
  if (q.anyPending.get({ runId })) return false;
  q.finish.run({ runId, now });
  return true;
}

/**
 * When the next campaign work falls due: a run to start (once its segment is computed: it waits for that), a
 * pending member of a campaign that is not paused, or at once (0) members of a cancelled campaign still to close.
 */
export function nextCampaignAt(db: Db): number | undefined {
  const row = db.$client
    .prepare(
      `SELECT min(at) AS at FROM (
         SELECT min(next_run_at) AS at FROM campaigns c WHERE next_run_at IS NOT NULL AND status = 'active'
           AND NOT EXISTS (SELECT 1 FROM segments s WHERE s.id = ${jsonField(db.$client, 'c.definition', 'segment')} AND s.compute_after IS NOT NULL)
         UNION ALL
         SELECT min(d.due_at) FROM campaign_deliveries d JOIN campaign_runs r ON r.id = d.run_id JOIN campaigns c ON c.id = r.campaign_id
         WHERE d.status = 'pending' AND c.status <> 'paused'
         UNION ALL
         SELECT 0 WHERE EXISTS (SELECT 1 FROM ${cancelledPendingFrom(db)})) AS due`,
    )
    .get() as { at: number | null };
  return row.at ?? undefined;
}

/** Campaigns still to run on the segment (a next run, or a run under way): it may not be deleted from under them. */
export const campaignsTargeting = (db: Db, segmentId: string): string[] =>
  (
    db.$client
      .prepare(
        `SELECT id FROM campaigns c WHERE status <> 'cancelled' AND (
           (next_run_at IS NOT NULL AND ${jsonField(db.$client, 'definition', 'segment')} = @segmentId)
           OR EXISTS (SELECT 1 FROM campaign_runs r WHERE r.campaign_id = c.id AND r.finished_at IS NULL AND ${jsonField(db.$client, 'r.definition', 'segment')} = @segmentId)) ORDER BY id`,
      )
      .all({ segmentId }) as Array<{ id: string }>
  ).map((row) => row.id);

// Reports ----------------------------------------------------------------------------------------

export const runsOf = (db: Db, campaignId: string, limit: number): CampaignRunRow[] =>
  db.select().from(campaignRuns).where(eq(campaignRuns.campaignId, campaignId)).orderBy(desc(campaignRuns.id)).limit(limit).all();

/** Whether a run of the campaign is still under way. */
export const hasRunUnderWay = (db: Db, campaignId: string): boolean =>
  db.$client.prepare('SELECT 1 FROM campaign_runs WHERE campaign_id = ? AND finished_at IS NULL LIMIT 1').get(campaignId) !== undefined;

const counts = (rows: unknown[]) => Object.fromEntries((rows as Array<{ key: string; n: number }>).map((row) => [row.key, row.n]));

/** A run's members still to start, counted from their rows: an erased member's row goes with them, a counter would not. */
export const pendingOf = (db: Db, runId: number): number =>
  (db.$client.prepare(`SELECT count(*) AS n FROM campaign_deliveries WHERE run_id = ? AND status = 'pending'`).get(runId) as { n: number }).n;

/** How many of a run's members widening added, counted from their rows. */
export const widenedOf = (db: Db, runId: number): number =>
  (db.$client.prepare(`SELECT count(*) AS n FROM campaign_deliveries WHERE run_id = ? AND source = 'widened'`).get(runId) as { n: number }).n;

/** A run's skipped members per reason. */
export const skippedBy = (db: Db, runId: number): Record<string, number> =>
  counts(db.$client.prepare(`SELECT reason AS key, count(*) AS n FROM campaign_deliveries WHERE run_id = ? AND status = 'skipped' GROUP BY reason`).all(runId));

/**
 * The enrolments a run started: those of its journey entered while it ran (a range of the enrolments' scenario and
 * entry-time index, not every enrolment of the journey) whose trigger names the run.
 */
const RUN_ENROLMENTS = `e.scenario_id = @scenarioId AND e.entered_at >= @from AND e.entered_at <= @to AND e."trigger" = @trigger`;
const runParams = (scenarioId: string, run: CampaignRunRow) => ({ scenarioId, from: run.startedAt, to: run.finishedAt ?? Number.MAX_SAFE_INTEGER, trigger: `campaign:${run.id}` });

/** The messages of the enrolments a run started, per outbox status. */
export const runMessages = (db: Db, scenarioId: string, run: CampaignRunRow): Record<string, number> =>
  counts(
    db.$client
      .prepare(`SELECT m.status AS key, count(*) AS n FROM enrolments e JOIN messages m ON m.enrolment_id = e.id WHERE ${RUN_ENROLMENTS} GROUP BY m.status`)
      .all(runParams(scenarioId, run)),
  );

/** The sends of the enrolments a run started that a pressure rule held back, per `outcome:rule` (from their trace). */
export const runHeldBack = (db: Db, scenarioId: string, run: CampaignRunRow): Record<string, number> =>
  counts(
    db.$client
      .prepare(`SELECT s.outcome || ':' || s.rule AS key, count(*) AS n FROM enrolments e JOIN steps s ON s.enrolment_id = e.id WHERE ${RUN_ENROLMENTS} AND s.rule IS NOT NULL GROUP BY key`)
      .all(runParams(scenarioId, run)),
  );
