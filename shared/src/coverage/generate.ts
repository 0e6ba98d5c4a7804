import { DateTime } from 'luxon';
import { entryNodeOf } from '../compile/index.ts';
import { splitArmOf } from '../engine/split.ts';
import { familyOf, outputsOf } from '../schema/catalogue.ts';
import type { Condition } from '../schema/conditions.ts';
import type { NodeOf, ScenarioNode } from '../schema/nodes.ts';
import type { Scenario } from '../schema/scenario.ts';
import { TestCase } from '../schema/testcase.ts';
import { DEFAULT_SIMULATION_START } from '../simulate/defaults.ts';
import { pathOf, runTestCase } from '../simulate/testcase.ts';
import type { SimulationResult } from '../simulate/types.ts';
import { formatDuration } from '../time/duration.ts';
import { scenarioCoverage, type OutputRef } from './coverage.ts';
import { simulateDraft, timelineOf, withChange, type Draft } from './draft.ts';
import { pathsTo } from './paths.ts';
import { changesFor, type FactsChange } from './solve.ts';
import { propertiesMatching } from './values.ts';
import { beforeArrival, duringWait, follows, visitsOf, type Visit } from './visits.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** An entry event comes an hour into the (Monday morning) start: business hours, past the first instant. */
const ENTRY_DELAY = HOUR;
/** Paths tried per output, shortest first. */
const MAX_PATHS = 16;
/** Contact ids generated-1..N tried for the arms of the splits on a path. */
const MAX_SPLIT_IDS = 10_000;
/** Longest simulated span a generated case may need (long waits). */
const MAX_HORIZON = 5 * 366 * DAY;
const ALL_CONSENTS = { email: true, sms: true, push: true };

/** The arm a contact takes at a split: the first whose bucket range holds it, the last one catching rounding. */

/** A contact id whose deterministic buckets take every split on the path down the wanted arm. */
function contactIdFor(nodes: Map<string, ScenarioNode>, hops: OutputRef[]): string | null {
  const splits = hops.flatMap((hop) => {
    const node = nodes.get(hop.node)!;
    return node.type === 'branch.split' ? [{ node, arm: hop.output }] : [];
  });
  for (let i = 1; i <= MAX_SPLIT_IDS; i++) {
    const id = `generated-${i}`;
    if (splits.every(({ node, arm }) => splitArmOf(node.config.variants, id, node.id) === arm)) return id;
  }
  return null;
}

/** Ways to get the contact in: the profile and timeline each kind of entry needs. */
function* entryDrafts(scenario: Scenario, entry: ScenarioNode, contactId: string): Generator<Draft> {
  const start = Date.parse(DEFAULT_SIMULATION_START);
  const base: Draft = { start, contact: { id: contactId, attributes: {}, consents: ALL_CONSENTS, lists: [] }, timeline: [] };
  switch (entry.type) {
    case 'entry.event': {
      const properties = propertiesMatching(entry.config.where);
      if (properties) yield { ...base, timeline: [{ at: start + ENTRY_DELAY, event: entry.config.event, properties }] };
      return;
    }
    case 'entry.segment':
      // The profile matches from the start; events the condition needs are history before it.
      for (const change of changesFor(entry.config.condition, true)) yield withChange(base, change, beforeArrival([{ node: entry.id, at: start }], 0));
      return;
    case 'entry.date': {
      // The date falls the day after the start, once the offset is applied.
      const { attribute, offsetDays } = entry.config;
      const date = DateTime.fromMillis(start, { zone: scenario.settings.defaultTimeZone }).plus({ days: 1 - offsetDays }).toISODate();
      if (date) yield { ...base, contact: { ...base.contact, attributes: { [attribute]: date } } };
      return;
    }
    default:
      yield base;
  }
}

/** A switch output as one condition: its case holds and no earlier case does (the default: none does). */
function switchCondition(node: NodeOf<'branch.switch'>, output: string): Condition {
  const { cases } = node.config;
  const index = output === 'default' ? cases.length : cases.findIndex((c) => c.id === output);
  return { all: [...cases.slice(0, index).map((c) => ({ not: c.condition })), ...(index < cases.length ? [cases[index].condition] : [])] };
}

/**
 * A next-best-action output as one condition, a sufficient one: its candidate eligible and every other one
 * not (the fallback: none eligible). A candidate winning on value alone is left to the saved cases.
 */
function bestCondition(node: NodeOf<'branch.best'>, output: string): Condition {
  type Candidate = (typeof node.config.candidates)[number];
  const eligible = (c: Candidate): Condition[] => [
    ...(c.eligibleWhen ? [c.eligibleWhen] : []),
    ...(c.valuedBy ? [{ attribute: c.valuedBy, op: 'gte' as const, value: 1 }] : []),
  ];
  const ineligible = (c: Candidate): Condition => ({
    any: [...(c.eligibleWhen ? [{ not: c.eligibleWhen }] : []), ...(c.valuedBy ? [{ attribute: c.valuedBy, op: 'not_exists' as const }] : [])],
  });
  const winner = node.config.candidates.find((c) => c.id === output);
  return { all: [...(winner ? eligible(winner) : []), ...node.config.candidates.filter((c) => c !== winner).map(ineligible)] };
}

/** Drafts that may send the contact down `hop.output` at its `index`-th visit, given how the draft runs now. */
function* alternativesFor(node: ScenarioNode, output: string, visits: Visit[], index: number, draft: Draft): Generator<Draft> {
  const visit = visits[index];
  const during = (change: FactsChange) => withChange(draft, change, { attributesAt: duringWait(visit), eventsEndAt: () => duringWait(visit) });
  const before = (change: FactsChange) => withChange(draft, change, beforeArrival(visits, index));
  switch (node.type) {
    case 'wait.event': {
      const properties = output === 'happened' ? propertiesMatching(node.config.where) : null;
      if (properties) yield during({ attributes: {}, lists: {}, events: [{ name: node.config.event, properties }] });
      return;
    }
    case 'wait.condition':
      for (const change of changesFor(node.config.condition, output === 'met')) yield output === 'met' ? during(change) : before(change);
      return;
    case 'branch.condition':
      for (const change of changesFor(node.config.condition, output === 'yes')) yield before(change);
      return;
    case 'branch.switch':
      for (const change of changesFor(switchCondition(node, output), true)) yield before(change);
      return;
    case 'branch.best':
      for (const change of changesFor(bestCondition(node, output), true)) yield before(change);
      return;
  }
}

/** The draft with a horizon long enough for the wake-up the contact waits for at the end; null when none helps. */
function withLongerHorizon(scenario: Scenario, draft: Draft, result: SimulationResult): { draft: Draft; result: SimulationResult } | null {
  const last = visitsOf(result).at(-1);
  if (result.status !== 'active' || last?.until === undefined || last.until <= result.end) return null;
  const span = last.until - draft.start + DAY;
  if (span > MAX_HORIZON) return null;
  const longer = { ...draft, until: formatDuration(span) };
  const rerun = simulateDraft(scenario, longer);
  return rerun && { draft: longer, result: rerun };
}

/** Builds the draft hop by hop, simulating after each change; null when some hop cannot be taken. */
function drive(scenario: Scenario, nodes: Map<string, ScenarioNode>, hops: OutputRef[], first: Draft): Draft | null {
  let draft = first;
  let result = simulateDraft(scenario, draft);
  for (let i = 0; result && i < hops.length; i++) {
    let visits = visitsOf(result);
    // The contact may still be waiting when the clock stops: look further ahead.
    while (visits[i]?.output === undefined) {
      const longer = withLongerHorizon(scenario, draft, result);
      if (!longer) return null;
      ({ draft, result } = longer);
      visits = visitsOf(result);
    }
    if (follows(visits, hops, i + 1)) continue;
    if (visits[i].node !== hops[i].node) return null;
    let next: { draft: Draft; result: SimulationResult } | null = null;
    for (const candidate of alternativesFor(nodes.get(hops[i].node)!, hops[i].output, visits, i, draft)) {
      const rerun = simulateDraft(scenario, candidate);
      if (rerun && follows(visitsOf(rerun), hops, i + 1)) {
        next = { draft: candidate, result: rerun };
        break;
      }
    }
    if (!next) return null;
    ({ draft, result } = next);
  }
  return result && draft;
}

const tookOutput = (result: SimulationResult, { node, output }: OutputRef) => result.steps.some((s) => s.node === node && s.output === output);

function expectationsOf(result: SimulationResult): TestCase['expect'] {
  return {
    path: pathOf(result),
    messages: result.messages.map((m) => ({
      channel: m.channel,
      ...(m.template !== undefined ? { template: m.template } : {}),
      node: m.node,
      at: formatDuration(m.at - result.start),
    })),
    status: result.status,
    ...(result.status === 'active' && result.at ? { at: result.at } : {}),
  };
}

/** The finished case, expectations taken from its own simulation; null unless it takes the target and passes. */
function caseFrom(scenario: Scenario, target: OutputRef, draft: Draft): TestCase | null {
  const result = simulateDraft(scenario, draft);
  if (!result || !tookOutput(result, target)) return null;
  const testCase = TestCase.parse({
    name: `covers ${target.node} → ${target.output}`,
    description: `Generated to send a contact down output "${target.output}" of ${target.node}: review the profile, the timeline and the expectations before saving.`,
    contact: draft.contact,
    events: timelineOf(draft),
    ...(draft.until ? { until: draft.until } : {}),
    expect: expectationsOf(result),
  });
  return runTestCase(scenario, testCase).passed ? testCase : null;
}

/**
 * A test case that drives a contact down one output, for a tester to review and save: a contact
 * profile and a timeline derived along a path from the entry (conditions solved, awaited events
 * sent in time, split arms picked through the contact id), verified by simulation. Null when no
 * derivation works (an unsatisfiable condition, an unreachable node, an output that cannot be taken).
 */
export function generateCaseFor(scenario: Scenario, target: OutputRef): TestCase | null {
  const nodes = new Map(scenario.nodes.map((n) => [n.id, n]));
  const node = nodes.get(target.node);
  if (!node || !outputsOf(node).includes(target.output) || !scenario.nodes.some((n) => familyOf(n.type) === 'entry')) return null;
  const entry = entryNodeOf(scenario);
  let tried = 0;
  for (const hops of pathsTo(scenario, entry.id, target)) {
    if (tried++ >= MAX_PATHS) break;
    const contactId = contactIdFor(nodes, hops);
    if (!contactId) continue;
    for (const first of entryDrafts(scenario, entry, contactId)) {
      const draft = drive(scenario, nodes, hops, first);
      const testCase = draft && caseFrom(scenario, target, draft);
      if (testCase) return testCase;
    }
  }
  return null;
}

/**
 * Cases for the connected outputs the saved cases miss, in node order. An output that an earlier
 * generated case already takes gets no case of its own, so the tester reviews as few as needed.
 */
export function generateMissingCases(scenario: Scenario): TestCase[] {
  const uncovered = scenarioCoverage(scenario).outputs.uncovered;
  const names = new Set(scenario.tests.map((t) => t.name));
  const generated: TestCase[] = [];
  const generatedRuns: SimulationResult[] = [];
  for (const target of uncovered) {
    if (generatedRuns.some((result) => tookOutput(result, target))) continue;
    const testCase = generateCaseFor(scenario, target);
    if (!testCase) continue;
    let name = testCase.name;
    for (let n = 2; names.has(name); n++) name = `${testCase.name} (${n})`;
    names.add(name);
    generated.push({ ...testCase, name });
    generatedRuns.push(runTestCase(scenario, testCase).result);
  }
  return generated;
}
