import { definitionOf } from '../schema/catalogue.ts';
import type { NodeType } from '../schema/nodes.ts';
import type { PathSegment } from '../validate/path.ts';

/** What the mapping reads of a node: any version's node, or a draft's. */
export interface MappedNode {
  id: string;
  type: NodeType;
  label?: string;
}

/** What the mapping reads of a version: its nodes. */
export interface MappedVersion {
  nodes: readonly MappedNode[];
}

/**
 * Where the contacts waiting at each node of one old version go: a node of the new version, or null to
 * stay on their version. A node the mapping does not name takes its default (see defaultTarget).
 */
export type NodeMapping = Record<string, string | null>;

/** Node mappings by old version number (a JSON object's keys: "3"). */
export type InFlightMapping = Record<string, NodeMapping>;

/**
 * The kind of waiting contact a node holds, or undefined where no contact ever rests (entries, branches,
 * immediate actions, ends: the machine passes them within a step). A contact moves only to a node of the
 * same kind, because the kind decides what its pending timer means and what the machine remembers for it:
 * - `timed`: delay, wait until, time window: the timer lets it through by "next";
 * - `event` (wait for event) and `condition` (wait for condition): the timer is the timeout;
 * - `digest`: the machine holds what the window collected so far;
 * - `send:<type>`: a send deferred by a pressure rule (quiet hours, a cap), asked again when its timer fires:
 *   only a node of the same type, so it goes on the channel it was held back on.
 */
export function waitingKindOf(type: NodeType): string | undefined {
  switch (definitionOf(type).machine) {
    case 'wait':
      return 'timed';
    case 'event':
      return 'event';
    case 'conditionWait':
      return 'condition';
    case 'digest':
      return 'digest';
    case 'send':
      return `send:${type}`;
    default:
      return undefined;
  }
}

/** What a kind is called in a refusal. */
const KIND_WORDS: Record<string, string> = {
  timed: 'a delay, wait until or time window',
  event: 'a wait for event',
  condition: 'a wait for condition',
  digest: 'a digest',
};
const kindWords = (kind: string) => KIND_WORDS[kind] ?? `a ${kind.slice('send:'.length)} node`;

/** Whether contacts waiting at `from` may move to `to`. */
export const canMove = (from: MappedNode, to: MappedNode): boolean => {
  const kind = waitingKindOf(from.type);
  return kind !== undefined && kind === waitingKindOf(to.type);
};

/** The new version's nodes that contacts waiting at `from` may move to, in the version's order. */
export const targetsFor = (from: MappedNode, next: MappedVersion): MappedNode[] => next.nodes.filter((to) => canMove(from, to));

/** Where contacts waiting at `from` go unless the mapping says otherwise: the node with the same id, if they may move there; else they stay. */
export function defaultTarget(from: MappedNode, next: MappedVersion): string | null {
  const same = next.nodes.find((n) => n.id === from.id);
  return same && canMove(from, same) ? same.id : null;
}

/** The destination of contacts waiting at `from`: the mapping's choice, else the default. */
export function targetOf(mapping: NodeMapping | undefined, from: MappedNode, next: MappedVersion): string | null {
  return mapping !== undefined && Object.hasOwn(mapping, from.id) ? mapping[from.id] : defaultTarget(from, next);
}

export interface MappingIssue {
  path: PathSegment[];
  message: string;
  /** The old version's node the issue is about. */
  nodeId?: string;
}

/**
 * What is wrong with a mapping, each issue located at `mapping.<version>.<node>`: a version that is not an
 * old version of the scenario, a node that version lacks or where no contact can wait, a destination the new
 * version lacks, or one of another kind (a wait for event cannot take a contact waiting on a delay: its
 * timer would mean a timeout, and it would leave by "timed out"). Empty when every entry is sound.
 */
export function checkMapping(mapping: InFlightMapping, old: ReadonlyMap<number, MappedVersion>, next: MappedVersion, nextVersion: number): MappingIssue[] {
  const issues: MappingIssue[] = [];
  const byId = new Map(next.nodes.map((n) => [n.id, n]));
  for (const [key, nodes] of Object.entries(mapping)) {
    const version = Number(key);
    const scenario = Number.isInteger(version) ? old.get(version) : undefined;
    if (!scenario) {
      issues.push({ path: ['mapping', key], message: `is not an earlier version of the scenario (the new version is ${nextVersion})` });
      continue;
    }
    const own = new Map(scenario.nodes.map((n) => [n.id, n]));
    for (const [nodeId, to] of Object.entries(nodes)) {
      const path = ['mapping', key, nodeId];
      const from = own.get(nodeId);
      if (!from) {
        issues.push({ path, message: `version ${version} has no node ${nodeId}` });
        continue;
      }
      const kind = waitingKindOf(from.type);
      if (kind === undefined) {
        issues.push({ path, nodeId, message: `no contact waits at ${nodeId} (a ${from.type} node): it needs no destination` });
        continue;
      }
      if (to === null) continue;
      const target = byId.get(to);
      if (!target) issues.push({ path, nodeId, message: `the new version has no node ${to}` });
      else if (!canMove(from, target))
        issues.push({ path, nodeId, message: `contacts waiting at ${nodeId} (${kindWords(kind)}) can only move to ${kindWords(kind)}; ${to} is a ${target.type} node` });
    }
  }
  return issues;
}
