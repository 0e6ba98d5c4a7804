import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { emptyNodeCounts, type NodeCounts, type PressureRule, type VersionStats } from '@parcours/shared';
import { ENTRY_TYPES, STEP_TYPES, caseArbitrary } from '../../shared/test/arbitraries/scenario.ts';
import type { Db } from '../../server/src/db/open.ts';
import { REPO, harness, publishScenario } from '../../server/test/helpers.ts';
import { parsedScenario, replay } from '../../server/test/replay.ts';

/**
 * The live counters (issue 11) against the trace: for generated scenarios over every node type
 * (branches, splits, loops, conversions, exits, re-entries, merges) and several contacts, the
 * /stats answer equals the counts of distinct enrolments computed from the trace rows, as stats
 * were computed before the counters; and the migration's one-off backfill from the trace gives the
 * very counters the steps maintained.
 */

const RUNS = Number(process.env.PARCOURS_COUNTER_RUNS ?? 40);
const CONTACTS = 3;

/** Per-node and per-output counts from the trace and the enrolments, as versionStats computed them before the counters. */
function statsFromTrace(db: Db, scenarioId: string, version: number, nodeIds: string[]): Pick<VersionStats, 'nodes' | 'outputs'> {
  const nodes: Record<string, NodeCounts> = Object.fromEntries(nodeIds.map((id) => [id, emptyNodeCounts()]));
  const counts = (id: string) => (nodes[id] ??= emptyNodeCounts());
  const all = <T>(text: string) => db.$client.prepare(text).all({ scenarioId, version }) as T[];
  const distinct = "count(distinct s.enrolment_id) AS entered, count(distinct case when e.status = 'converted' then s.enrolment_id end) AS converted";
  const traceOfVersion = 'FROM steps s JOIN enrolments e ON e.id = s.enrolment_id WHERE s.scenario_id = @scenarioId AND s.version = @version';
  for (const r of all<{ node: string; entered: number; converted: number }>(`SELECT s.node, ${distinct} ${traceOfVersion} GROUP BY s.node`)) {
    Object.assign(counts(r.node), { entered: r.entered, converted: r.converted });
  }
  const ended = all<{ node: string; status: string; n: number }>(
    'SELECT node, status, count(*) AS n FROM enrolments WHERE scenario_id = @scenarioId AND version = @version AND node IS NOT NULL GROUP BY node, status',
  );
  for (const r of ended) {
    if (r.status === 'active') counts(r.node).waiting += r.n;
    else if (r.status === 'exited') counts(r.node).exited += r.n;
    else if (r.status === 'completed') counts(r.node).completed += r.n;
  }
  // Every send decision, and what delivery made of those counted as sent.
  const sends = all<{ node: string; outcome: 'sent' | 'skipped' | 'deferred'; rule: PressureRule | null; n: number }>(
    "SELECT node, outcome, rule, count(*) AS n FROM steps WHERE scenario_id = @scenarioId AND version = @version AND outcome IN ('sent', 'skipped', 'deferred') GROUP BY node, outcome, rule",
  );
  for (const r of sends) {
    counts(r.node)[r.outcome] += r.n;
    if (r.rule && r.outcome === 'skipped') counts(r.node).skippedBy[r.rule] += r.n;
  }
  const delivered = all<{ node: string; status: 'failed' | 'skipped'; n: number }>(
    "SELECT node, status, count(*) AS n FROM messages WHERE scenario_id = @scenarioId AND version = @version AND status IN ('failed', 'skipped') GROUP BY node, status",
  );
  for (const r of delivered) {
    counts(r.node).sent -= r.n;
    counts(r.node)[r.status] += r.n;
    if (r.status === 'skipped') counts(r.node).skippedBy.consent += r.n;
  }
  const outputs: VersionStats['outputs'] = {};
  const taken = all<{ node: string; output: string; entered: number; converted: number }>(
    `SELECT s.node, s.output, ${distinct} ${traceOfVersion} AND s.output IS NOT NULL GROUP BY s.node, s.output`,
  );
  for (const r of taken) (outputs[r.node] ??= {})[r.output] = { taken: r.entered, converted: r.converted };
  return { nodes, outputs };
}

/** The statements the migrations run once to fill the counters from an existing trace and outbox. */
function backfillStatements(): string[] {
  const handWritten = (file: string, topic: string) => {
    const text = readFileSync(join(REPO, 'server/drizzle', file), 'utf8');
    return text.slice(text.indexOf(`-- hand-written: ${topic}`));
  };
  return [handWritten('0005_node_counters.sql', 'node counters'), handWritten('0009_true_counts.sql', 'true counts')]
    .flatMap((text) => text.split('--> statement-breakpoint'))
    .map((s) => s.trim())
    .filter((s) => !s.includes('CREATE TRIGGER'));
}

const countersOf = (db: Db) => db.$client.prepare('SELECT * FROM node_counters WHERE n != 0 ORDER BY scenario_id, version, node, output, metric').all();
const visitedOf = (db: Db) =>
  (db.$client.prepare('SELECT id, visited FROM enrolments ORDER BY id').all() as Array<{ id: number; visited: string | null }>).map((e) => ({
    id: e.id,
    visited: e.visited && (JSON.parse(e.visited) as string[]).sort(),
  }));

// A saved segment entry is published only on a saved segment that exists (unknown_segment), whose id the server
// chooses: its counts come from the same steps as any entry's, and its runs are tested in server/test/segments.test.ts.
const generatedCase = caseArbitrary('counted', { entryTypes: ENTRY_TYPES.filter((t) => t !== 'entry.membership'), stepTypes: STEP_TYPES });
type Case = typeof generatedCase extends fc.Arbitrary<infer T> ? T : never;

/** A loop (a delay that leads back to itself): one enrolment takes the same output again and again, and counts once. */
const LOOP: Case = {
  scenario: {
    schemaVersion: 1,
    id: 'counted',
    name: 'loop',
    nodes: [
      { id: 'n0', type: 'entry.event', config: { event: 'viewed' } },
      { id: 'n1', type: 'wait.delay', config: { duration: '2d' } },
    ],
    edges: [
      { id: 'e1', source: 'n0', sourceHandle: 'next', target: 'n1' },
      { id: 'e2', source: 'n1', sourceHandle: 'next', target: 'n1' },
    ],
  },
  start: '2026-01-05T08:00:00Z',
  until: '8d',
  contact: { id: 'ana', attributes: { email: 'someone@example.test' }, consents: {}, lists: [] },
  events: [{ at: '0m', event: 'viewed', properties: {} }],
};

/** A conversion (the awaited event happens, the goal follows) and a completion (the goal reached on a timeout): both kinds of end, every run. */
const CONVERTING: Case = {
  scenario: {
    schemaVersion: 1,
    id: 'counted',
    name: 'goal',
    nodes: [
      { id: 'n0', type: 'entry.event', config: { event: 'viewed' } },
      { id: 'n1', type: 'wait.event', config: { event: 'bought', timeout: '1d' } },
      { id: 'n2', type: 'flow.goal', config: {} },
      { id: 'n3', type: 'wait.delay', config: { duration: '1d' } },
    ],
    edges: [
      { id: 'e1', source: 'n0', sourceHandle: 'next', target: 'n1' },
      { id: 'e2', source: 'n1', sourceHandle: 'happened', target: 'n2' },
      { id: 'e3', source: 'n1', sourceHandle: 'timedOut', target: 'n3' },
      { id: 'e4', source: 'n3', sourceHandle: 'next', target: 'n2' },
    ],
  },
  start: '2026-01-05T08:00:00Z',
  until: '8d',
  contact: { id: 'ana', attributes: { email: 'someone@example.test' }, consents: {}, lists: [] },
  events: [
    { at: '0m', event: 'viewed', properties: {} },
    { at: '1h', event: 'bought', properties: {} },
    { at: '2d', event: 'viewed', properties: {} },
  ],
};

let cases = 0;
let withOutputs = 0;
let converted = 0;

it(`the counters give the trace's counts on ${RUNS} generated scenarios, and the backfill rebuilds them`, async () => {
  await fc.assert(
    fc.asyncProperty(generatedCase, async (generated) => {
      const h = harness();
      try {
        const scenario = parsedScenario(generated.scenario);
        await publishScenario(h, generated.scenario);
        for (let k = 0; k < CONTACTS; k++) await replay(h, scenario, { ...generated, contact: { ...generated.contact, id: `${generated.contact.id}-${k}` } });
        const nodeIds = scenario.nodes.map((n) => n.id);
        const stats = (await h.call('GET', `/scenarios/${scenario.id}/versions/1/stats`)).body as VersionStats;
        expect({ nodes: stats.nodes, outputs: stats.outputs }).toEqual(statsFromTrace(h.db, scenario.id, 1, nodeIds));

        const live = { counters: countersOf(h.db), visited: visitedOf(h.db) };
        h.db.$client.exec('DELETE FROM node_counters; UPDATE enrolments SET visited = NULL');
        for (const statement of backfillStatements()) h.db.$client.exec(statement);
        expect({ counters: countersOf(h.db), visited: visitedOf(h.db) }).toEqual(live);

        cases++;
        if (Object.keys(stats.outputs).length > 0) withOutputs++;
        if (Object.values(stats.nodes).some((n) => n.converted > 0)) converted++;
      } finally {
        h.close();
      }
    }),
    { numRuns: RUNS, examples: [[LOOP], [CONVERTING]] },
  );
  // A property that never met an output or a conversion would prove little.
  expect(withOutputs).toBeGreaterThan(0);
  expect(converted).toBeGreaterThan(0);
  console.log(`counters: ${cases} cases, ${withOutputs} with outputs taken, ${converted} with conversions`);
}, 300_000);
