import { checkMapping, defaultTarget, movedState, nodeName, targetOf, targetsFor, waitingKindOf, type InFlightMapping, type InFlightPreview, type Json, type MappedNode, type MappingIssue, type Scenario, type ScenarioNode } from '@parcours/shared';
import type { Db } from '../db/open.ts';
import { CounterDeltas } from '../store/counters.ts';
import { enrolmentsOffVersion, waitingByNode, writeMovedEnrolment, type WaitingEnrolment } from '../store/in-flight.ts';
import { getVersion } from '../store/scenarios.ts';
import type { VersionCache } from './versions.ts';

/** Enrolments read at a time by a move (all in the publish's one transaction). */
const MOVE_PAGE = 1000;

/** The trace outcome of a move: the contact's timeline shows it on the new version, at the node it moved to. */
export const MOVED = 'moved';

const named = (node: MappedNode) => ({ node: node.id, name: nodeName(node) });

/**
 * For each node of an earlier version where contacts wait now (the live counters), how many, where the default
 * mapping sends them in `next`, published as `nextVersion`, and where they may go instead.
 */
export function previewMove(db: Db, versions: VersionCache, scenarioId: string, next: Scenario, nextVersion: number): InFlightPreview {
  const rows = waitingByNode(db, scenarioId).flatMap(({ version, node, contacts }) => {
    if (version === nextVersion) return [];
    const from = versions.compiled(scenarioId, version).nodes.get(node);
    if (!from || waitingKindOf(from.type) === undefined) return [];
    return [{ version, node, name: nodeName(from), type: from.type, contacts, to: defaultTarget(from, next), targets: targetsFor(from, next).map(named) }];
  });
  return { version: nextVersion, rows };
}

/** What is wrong with a mapping for a move to `nextVersion` (see checkMapping), reading only the versions it names. */
export function mappingIssues(db: Db, versions: VersionCache, scenarioId: string, mapping: InFlightMapping, next: Scenario, nextVersion: number): MappingIssue[] {
  const old = new Map<number, Scenario>();
  for (const key of Object.keys(mapping)) {
    const version = Number(key);
    if (version >= 1 && version < nextVersion && getVersion(db, scenarioId, version)) old.set(version, versions.compiled(scenarioId, version).scenario);
  }
  return checkMapping(mapping, old, next, nextVersion);
}

/**
 * Moves the active enrolments of the scenario's earlier versions to `toVersion`, node by node as the mapping
 * (else the default) says: each gets its state at the new node (see the shared movedState: snapshot, timer),
 * a trace row saying where it came from, and the live counters follow it (waiting leaves the old node for the
 * new one, which counts the contact as entered unless a node with that id already counted it). Runs in the
 * caller's transaction, the publish's: the mapping must have been checked (mappingIssues). Returns how many moved.
 * The new version is given, not read through the version cache: the transaction may still roll back.
 */
export function moveInFlight(db: Db, versions: VersionCache, scenarioId: string, to: { version: number; scenario: Scenario }, mapping: InFlightMapping, now: number): number {
  const { version: toVersion, scenario: next } = to;
  const nextNodes = new Map(next.nodes.map((n) => [n.id, n]));
  const counters = new CounterDeltas();
  // Per earlier version, read when its first enrolment comes: its waiting nodes' destinations.
  const destinations = new Map<number, Map<string, { from: ScenarioNode; to: ScenarioNode }>>();
  const destinationsIn = (version: number) => {
    let known = destinations.get(version);
    if (!known) {
      known = new Map();
      for (const from of versions.compiled(scenarioId, version).scenario.nodes) {
        const to = waitingKindOf(from.type) === undefined ? null : targetOf(mapping[version], from, next);
        if (to !== null) known.set(from.id, { from, to: nextNodes.get(to)! });
      }
      destinations.set(version, known);
    }
    return known;
  };
  let moved = 0;
  for (let page = enrolmentsOffVersion(db, scenarioId, toVersion, 0, MOVE_PAGE); page.length > 0; page = enrolmentsOffVersion(db, scenarioId, toVersion, page.at(-1)!.id, MOVE_PAGE)) {
    for (const row of page) {
      const move = row.node === null ? undefined : destinationsIn(row.version).get(row.node);
      if (!move) continue;
      moveOne(row, move.from, move.to);
      moved++;
    }
  }
  counters.flush(db);
  return moved;

  function moveOne(row: WaitingEnrolment, from: ScenarioNode, to: ScenarioNode): void {
    const contact = {
      timeZone: row.timeZone ?? next.settings.defaultTimeZone,
      // Parsed only if the new node waits until a date attribute.
      get attributes(): Record<string, Json> {
        return JSON.parse(row.attributesJson) as Record<string, Json>;
      },
    };
    const state = movedState(from, to, row, contact, now);
    const visited = [...(row.visited ?? [])];
    if (!visited.includes(to.id)) {
      visited.push(to.id);
      counters.add(scenarioId, toVersion, to.id, '', 'entered', 1);
    }
    counters.add(scenarioId, row.version, from.id, '', 'waiting', -1);
    counters.add(scenarioId, toVersion, to.id, '', 'waiting', 1);
    writeMovedEnrolment(
      db,
      { id: row.id, version: toVersion, node: to.id, snapshot: state.snapshot, visited, dueAt: state.dueAt, timerNode: state.timerNode, timerSeq: state.timerSeq, now },
      {
        scenarioId,
        version: toVersion,
        at: now,
        node: to.id,
        type: to.type,
        outcome: MOVED,
        reason: `moved from version ${row.version} node ${from.id} to version ${toVersion} node ${to.id}`,
        until: state.dueAt,
      },
    );
  }
}
