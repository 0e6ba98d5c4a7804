import { and, eq, sql } from 'drizzle-orm';
import { combineVersionStats, COUNT_METRICS, emptyNodeCounts, ENGAGEMENT_METRICS, PRESSURE_RULES, type NodeCounts, type NodeFailures, type OneVersionStats, type PressureRule, type VersionStats } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { messages, nodeCounters, type CounterMetric } from '../db/schema.ts';

const NODE_METRICS = new Set<string>([...COUNT_METRICS, ...ENGAGEMENT_METRICS] satisfies Array<keyof NodeCounts>);
type NodeMetric = Exclude<keyof NodeCounts, 'skippedBy'>;
const isNodeMetric = (metric: CounterMetric): metric is NodeMetric => NODE_METRICS.has(metric);
const ruleOf = (metric: CounterMetric): PressureRule | undefined => {
  const rule = metric.startsWith('skipped:') ? metric.slice('skipped:'.length) : undefined;
  return PRESSURE_RULES.find((r) => r === rule);
};

/** One version's counters, as they are: per node and per output. */
function oneVersionStats(db: Db, scenarioId: string, version: number): OneVersionStats {
  const nodes: Record<string, NodeCounts> = {};
  const outputs: OneVersionStats['outputs'] = {};
  const rows = db
    .select({ node: nodeCounters.node, output: nodeCounters.output, metric: nodeCounters.metric, n: nodeCounters.n })
    .from(nodeCounters)
    .where(and(eq(nodeCounters.scenarioId, scenarioId), eq(nodeCounters.version, version)))
    .all();
  for (const { node, output, metric, n } of rows) {
    if (output !== '') {
      if (metric === 'taken' || metric === 'converted') ((outputs[node] ??= {})[output] ??= { taken: 0, converted: 0 })[metric] = n;
      continue;
    }
    const counts = (nodes[node] ??= emptyNodeCounts());
    const rule = ruleOf(metric);
    if (rule) counts.skippedBy[rule] = n;
    else if (isNodeMetric(metric)) counts[metric] = n;
  }
  return { version, nodes, outputs };
}

/** The versions of the scenario that ever counted anything: every version that held contacts, or holds them now. */
function countedVersions(db: Db, scenarioId: string): number[] {
  return db
    .selectDistinct({ version: nodeCounters.version })
    .from(nodeCounters)
    .where(eq(nodeCounters.scenarioId, scenarioId))
    .all()
    .map((r) => r.version);
}

/**
 * The counts the canvas of `version` shows (its nodes are `nodeIds`): its own counters and those of every
 * other version that held contacts, added up by node id (shared/src/stats/counts.ts), so contacts still
 * waiting on an older version after a publish stay on the canvas, and totals never drop when one drains.
 * Read from the live counters (store/counters.ts): a few rows per node and version, whatever the trace holds.
 */
export function versionStats(db: Db, scenarioId: string, version: number, nodeIds: string[]): VersionStats {
  const others = countedVersions(db, scenarioId).filter((v) => v !== version);
  const versions = [version, ...others.sort((a, b) => b - a)].map((v) => oneVersionStats(db, scenarioId, v));
  return combineVersionStats(nodeIds, versions);
}

/** Why a node's sends failed at delivery, every version: each reason with its count and up to `sample` contacts. */
export function nodeFailures(db: Db, scenarioId: string, node: string, sample = 20): NodeFailures {
  const failedHere = and(eq(messages.scenarioId, scenarioId), eq(messages.node, node), eq(messages.status, 'failed'));
  const reason = sql<string>`coalesce(${messages.reason}, 'no reason given')`;
  const groups = db.select({ reason, count: sql<number>`count(*)` }).from(messages).where(failedHere).groupBy(reason).orderBy(sql`count(*) desc`).all();
  return {
    items: groups.map((g) => ({
      reason: g.reason,
      count: g.count,
      contacts: db
        .selectDistinct({ contactId: messages.contactId })
        .from(messages)
        .where(and(failedHere, eq(reason, g.reason)))
        .limit(sample)
        .all()
        .map((r) => r.contactId),
    })),
  };
}
