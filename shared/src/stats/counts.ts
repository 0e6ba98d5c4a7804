import type { NodeCounts, OneVersionStats, VersionStats } from '../api/schemas.ts';
import { PRESSURE_RULES, type PressureRule } from '../engine/types.ts';

/** A node's plain counts (skippedBy apart). */
export const COUNT_METRICS = ['entered', 'waiting', 'exited', 'completed', 'converted', 'sent', 'skipped', 'deferred', 'failed'] as const;

/**
 * What became of a message node's sends after they went out: each message counts once per metric (its first
 * delivery receipt, first human open, first human click...), in the transaction that records the cause.
 */
export const ENGAGEMENT_METRICS = ['delivered', 'opened', 'clicked', 'bounced', 'complained', 'unsubscribed'] as const;
export type EngagementMetric = (typeof ENGAGEMENT_METRICS)[number];

export function emptyNodeCounts(): NodeCounts {
  return {
    entered: 0,
    waiting: 0,
    exited: 0,
    completed: 0,
    converted: 0,
    sent: 0,
    skipped: 0,
    skippedBy: Object.fromEntries(PRESSURE_RULES.map((rule) => [rule, 0])) as Record<PressureRule, number>,
    deferred: 0,
    failed: 0,
    ...(Object.fromEntries(ENGAGEMENT_METRICS.map((metric) => [metric, 0])) as Record<EngagementMetric, number>),
  };
}

/** Adds `more` into `into`, field by field. */
function addNodeCounts(into: NodeCounts, more: NodeCounts): void {
  for (const key of [...COUNT_METRICS, ...ENGAGEMENT_METRICS]) into[key] += more[key];
  for (const rule of PRESSURE_RULES) into.skippedBy[rule] += more.skippedBy[rule];
}

/**
 * The canvas counts of a version whose nodes are `nodeIds`: the counts of every version given (that
 * version and the others that held contacts), added up by node id and output, since a node keeps
 * its id from one version to the next. Contacts waiting on a node the version lacks are listed apart.
 */
export function combineVersionStats(nodeIds: string[], versions: OneVersionStats[]): VersionStats {
  const nodes: Record<string, NodeCounts> = Object.fromEntries(nodeIds.map((id) => [id, emptyNodeCounts()]));
  const outputs: VersionStats['outputs'] = {};
  const removed: VersionStats['removed'] = [];
  for (const one of versions) {
    for (const [node, counts] of Object.entries(one.nodes)) {
      if (nodes[node]) addNodeCounts(nodes[node], counts);
      else if (counts.waiting > 0) removed.push({ version: one.version, node, waiting: counts.waiting });
    }
    for (const [node, byOutput] of Object.entries(one.outputs)) {
      if (!nodes[node]) continue;
      for (const [output, { taken, converted }] of Object.entries(byOutput)) {
        const sum = ((outputs[node] ??= {})[output] ??= { taken: 0, converted: 0 });
        sum.taken += taken;
        sum.converted += converted;
      }
    }
  }
  return { nodes, outputs, versions, removed };
}
