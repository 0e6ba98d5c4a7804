import { ANALYTICS_METRICS, bucketed, type AnalyticsMetric, compareArms, funnel, type Bucket, type Funnel, type JourneyAnalytics, type NodeOf, type Scenario } from '@parcours/shared';
import { and, between, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Db } from '../db/open.ts';
import { dailyCounters, nodeCounters } from '../db/schema.ts';

/**
 * The journey analytics, all from counters kept by the steps (store/counters.ts), never the trace: the
 * daily counters of one scenario over a range of days (a range of their primary key), and the per-node
 * counters of its versions for the arms and the funnel.
 */

/** The scenario's daily figures between two days (inclusive), every version and node added up. */
export function dailyFigures(db: Db, scenarioId: string, from: number, to: number) {
  return db
    .select({ day: dailyCounters.day, metric: dailyCounters.metric, n: sql<number>`sum(${dailyCounters.n})` })
    .from(dailyCounters)
    .where(and(eq(dailyCounters.scenarioId, scenarioId), between(dailyCounters.day, from, to)))
    .groupBy(dailyCounters.day, dailyCounters.metric)
    .all();
}

/** Figures over time, their totals, and the arms of each split of `scenario` (its latest version, if published). */
export function journeyAnalytics(db: Db, scenarioId: string, scenario: Scenario | undefined, range: { from: number; to: number; by: Bucket }): Omit<JourneyAnalytics, 'from' | 'to' | 'by'> {
  const rows = dailyFigures(db, scenarioId, range.from, range.to);
  const series = bucketed(rows, ANALYTICS_METRICS, range.from, range.to, range.by);
  const totals = Object.fromEntries(ANALYTICS_METRICS.map((m) => [m, 0])) as Record<AnalyticsMetric, number>;
  // The per-rule metrics of the volume report are not the analytics page's.
  for (const { metric, n } of rows) if (metric in totals) totals[metric as AnalyticsMetric] += n;
  const splits = (scenario?.nodes ?? [])
    .filter((n): n is NodeOf<'branch.split'> => n.type === 'branch.split')
    .map((split) => ({ node: split.id, ...(split.label !== undefined ? { label: split.label } : {}), ...splitArms(db, scenarioId, split) }));
  return { series, totals, splits };
}

/** Each arm of a split, every version added up by arm id: who took it, converted, and what they earned. */
function splitArms(db: Db, scenarioId: string, split: NodeOf<'branch.split'>) {
  const rows = db
    .select({ output: nodeCounters.output, metric: nodeCounters.metric, n: sql<number>`sum(${nodeCounters.n})` })
    .from(nodeCounters)
    .where(
      and(
        eq(nodeCounters.scenarioId, scenarioId),
        eq(nodeCounters.node, split.id),
        ne(nodeCounters.output, ''),
        inArray(nodeCounters.metric, ['taken', 'converted', 'revenue']),
      ),
    )
    .groupBy(nodeCounters.output, nodeCounters.metric)
    .all();
  const count = (arm: string, metric: string) => rows.find((r) => r.output === arm && r.metric === metric)?.n ?? 0;
  return compareArms(
    split.config.variants.map((v) => ({
      id: v.id,
      ...(v.label !== undefined ? { label: v.label } : {}),
      control: v.control,
      taken: count(v.id, 'taken'),
      converted: count(v.id, 'converted'),
      revenue: count(v.id, 'revenue'),
    })),
  );
}

/** The funnel along `path`: how many enrolments reached each node, every version added up by node id. */
export function pathFunnel(db: Db, scenarioId: string, path: string[]): Funnel {
  const rows = db
    .select({ node: nodeCounters.node, n: sql<number>`sum(${nodeCounters.n})` })
    .from(nodeCounters)
    .where(and(eq(nodeCounters.scenarioId, scenarioId), inArray(nodeCounters.node, path), eq(nodeCounters.output, ''), eq(nodeCounters.metric, 'entered')))
    .groupBy(nodeCounters.node)
    .all();
  const reached = new Map(rows.map((r) => [r.node, r.n]));
  return { steps: funnel(path, (node) => reached.get(node) ?? 0) };
}
