import { and, eq } from 'drizzle-orm';
import type { NodeCounts, VersionStats } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { nodeCounters, type CounterMetric } from '../db/schema.ts';

const NODE_METRICS = new Set<string>(['entered', 'waiting', 'exited', 'converted'] satisfies Array<keyof NodeCounts>);
const isNodeMetric = (metric: CounterMetric): metric is keyof NodeCounts => NODE_METRICS.has(metric);

/**
 * Per-node counts of one scenario version, for the canvas: contacts that reached each node
 * (entered), wait there now (waiting), ended there (exited), or passed through it and converted
 * (converted); and per output (branch, split arm) how many took it and how many of those converted.
 * Read from the live counters (store/counters.ts): a few rows per node, whatever the trace holds.
 */
export function versionStats(db: Db, scenarioId: string, version: number, nodeIds: string[]): VersionStats {
  const nodes: Record<string, NodeCounts> = Object.fromEntries(nodeIds.map((id) => [id, { entered: 0, waiting: 0, exited: 0, converted: 0 }]));
  const outputs: VersionStats['outputs'] = {};
  const rows = db
    .select({ node: nodeCounters.node, output: nodeCounters.output, metric: nodeCounters.metric, n: nodeCounters.n })
    .from(nodeCounters)
    .where(and(eq(nodeCounters.scenarioId, scenarioId), eq(nodeCounters.version, version)))
    .all();
  for (const { node, output, metric, n } of rows) {
    if (output === '' && isNodeMetric(metric)) (nodes[node] ??= { entered: 0, waiting: 0, exited: 0, converted: 0 })[metric] = n;
    else if (output !== '' && (metric === 'taken' || metric === 'converted')) ((outputs[node] ??= {})[output] ??= { taken: 0, converted: 0 })[metric] = n;
  }
  return { nodes, outputs };
}
