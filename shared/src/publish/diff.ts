import diff from 'microdiff';
import type { DraftNode, DraftScenario } from '../schema/draft.ts';
import type { Json } from '../schema/primitives.ts';
import type { Edge, Scenario } from '../schema/scenario.ts';

/** A node as a change summary names it. */
export interface ChangedNode {
  id: string;
  type: string;
  label?: string;
}

/** One value that differs, at a path such as `label`, `config.delay` or `templates.reminder.subject`; absent on the side without it. */
export interface FieldChange {
  path: string;
  before?: Json;
  after?: Json;
}

export interface NodeDiff extends ChangedNode {
  fields: FieldChange[];
}

/**
 * Everything that differs between two documents of one scenario (two versions, or a version and the draft).
 * Positions on the canvas are not a change; an edge is a connection (source, output, target), whatever its id.
 */
export interface ScenarioDiff {
  nodes: { added: ChangedNode[]; removed: ChangedNode[]; changed: NodeDiff[] };
  edges: { added: Edge[]; removed: Edge[] };
  /** Changes outside nodes and edges: name, description, settings, templates (by id), test cases. */
  other: FieldChange[];
}

export type ScenarioDocument = Scenario | DraftScenario;

const named = ({ id, type, label }: DraftNode): ChangedNode => ({ id, type, ...(label ? { label } : {}) });

/** `config.rules[0].value`: keys joined by dots, array indexes in brackets. */
const pathText = (path: Array<string | number>): string =>
  path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');

/** The differing values of two JSON objects; a key whose value is undefined counts as absent (as in `sameJson`). */
function fieldChanges(before: object, after: object): FieldChange[] {
  return diff(before as Record<string, unknown>, after as Record<string, unknown>).flatMap((d) => {
    const was = 'oldValue' in d ? (d.oldValue as Json | undefined) : undefined;
    const is = 'value' in d ? (d.value as Json | undefined) : undefined;
    if (was === undefined && is === undefined) return [];
    return [{ path: pathText(d.path), ...(was === undefined ? {} : { before: was }), ...(is === undefined ? {} : { after: is }) }];
  });
}

/** What of a node is compared: all but its id and its place on the canvas. */
const comparable = ({ id: _id, position: _position, ...node }: DraftNode) => node;

const connection = (e: Edge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;

/** The scenario's parts other than nodes and edges; templates keyed by id so that a path names the template. */
const rest = ({ $schema: _schema, nodes: _nodes, edges: _edges, templates, ...parts }: ScenarioDocument) => ({
  ...parts,
  templates: Object.fromEntries(templates.map((t) => [t.id, t])),
});

/** The differences from `before` to `after`, node by node and field by field. Without `before`, everything is added. */
export function diffScenarios(before: ScenarioDocument | undefined, after: ScenarioDocument): ScenarioDiff {
  const beforeNodes = new Map((before?.nodes ?? []).map((n) => [n.id, n]));
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const beforeEdges = new Set((before?.edges ?? []).map(connection));
  const afterEdges = new Set(after.edges.map(connection));
  const changed = after.nodes.flatMap((n) => {
    const old = beforeNodes.get(n.id);
    const fields = old ? fieldChanges(comparable(old), comparable(n)) : [];
    return fields.length > 0 ? [{ ...named(n), fields }] : [];
  });
  return {
    nodes: {
      added: after.nodes.filter((n) => !beforeNodes.has(n.id)).map(named),
      removed: (before?.nodes ?? []).filter((n) => !afterIds.has(n.id)).map(named),
      changed,
    },
    edges: {
      added: after.edges.filter((e) => !beforeEdges.has(connection(e))),
      removed: (before?.edges ?? []).filter((e) => !afterEdges.has(connection(e))),
    },
    other: before ? fieldChanges(rest(before), rest(after)) : [],
  };
}

/** Whether a diff holds any change. */
export const diffIsEmpty = ({ nodes, edges, other }: ScenarioDiff): boolean =>
  nodes.added.length + nodes.removed.length + nodes.changed.length + edges.added.length + edges.removed.length + other.length === 0;
