import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { NodeCounts, VersionStats } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { enrolments, steps } from '../db/schema.ts';

/**
 * Per-node counts of one scenario version, for the canvas: contacts that reached each node
 * (entered), wait there now (waiting), ended there (exited), or passed through it and converted
 * (converted); and per output (branch, split arm) how many took it and how many of those converted.
 */
export function versionStats(db: Db, scenarioId: string, version: number, nodeIds: string[]): VersionStats {
  const nodes: Record<string, NodeCounts> = Object.fromEntries(nodeIds.map((id) => [id, { entered: 0, waiting: 0, exited: 0, converted: 0 }]));
  const counts = (id: string) => (nodes[id] ??= { entered: 0, waiting: 0, exited: 0, converted: 0 });
  const ofVersion = and(eq(steps.scenarioId, scenarioId), eq(steps.version, version));
  const isConverted = sql<number>`count(distinct case when ${enrolments.status} = 'converted' then ${steps.enrolmentId} end)`;

  const reached = db
    .select({ node: steps.node, entered: sql<number>`count(distinct ${steps.enrolmentId})`, converted: isConverted })
    .from(steps)
    .innerJoin(enrolments, eq(enrolments.id, steps.enrolmentId))
    .where(ofVersion)
    .groupBy(steps.node)
    .all();
  for (const r of reached) Object.assign(counts(r.node), { entered: r.entered, converted: r.converted });

  const ended = db
    .select({ node: enrolments.node, status: enrolments.status, n: sql<number>`count(*)` })
    .from(enrolments)
    .where(and(eq(enrolments.scenarioId, scenarioId), eq(enrolments.version, version), isNotNull(enrolments.node)))
    .groupBy(enrolments.node, enrolments.status)
    .all();
  for (const r of ended) {
    if (r.status === 'active') counts(r.node!).waiting += r.n;
    else if (r.status === 'exited') counts(r.node!).exited += r.n;
  }

  const outputs: VersionStats['outputs'] = {};
  const taken = db
    .select({ node: steps.node, output: steps.output, taken: sql<number>`count(distinct ${steps.enrolmentId})`, converted: isConverted })
    .from(steps)
    .innerJoin(enrolments, eq(enrolments.id, steps.enrolmentId))
    .where(and(ofVersion, isNotNull(steps.output)))
    .groupBy(steps.node, steps.output)
    .all();
  for (const r of taken) (outputs[r.node] ??= {})[r.output!] = { taken: r.taken, converted: r.converted };
  return { nodes, outputs };
}
