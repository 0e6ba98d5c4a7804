import { outputsOf } from '../schema/catalogue.ts';
import type { NodeType, ScenarioNode } from '../schema/nodes.ts';
import type { Settings } from '../schema/scenario.ts';
import type { TestCase } from '../schema/testcase.ts';
import type { Successors } from './graph.ts';
import type { PathSegment } from './path.ts';
import type { ProblemParams, ValidationCode, ValidationError } from './types.ts';

/** A node as the graph checks see it: identified by its id, parsed only if its own shape is valid. */
export interface ModelNode {
  /** Position in the input's `nodes`, for error paths. */
  index: number;
  id: string;
  /** Known even when the config did not parse; absent for an unknown type. */
  type?: NodeType;
  parsed?: ScenarioNode;
  raw: Record<string, unknown>;
}

/** An edge that names its ends, whatever else is wrong with it. */
export interface ModelEdge {
  index: number;
  id?: string;
  source: string;
  sourceHandle: string;
  target: string;
}

export interface ModelTemplate {
  index: number;
  id: string;
  channel: unknown;
}

/**
 * Everything the graph checks need, salvaged from the input piece by piece, so that a shape error in one
 * node does not hide graph errors elsewhere.
 */
export interface ScenarioModel {
  scenarioId?: string;
  nodes: ModelNode[];
  edges: ModelEdge[];
  templates: ModelTemplate[];
  settings?: Settings;
  tests?: TestCase[];
}

/** The nodes by id; with duplicate ids the first one wins (the duplicate is reported on its own). */
export function nodesById(model: ScenarioModel): Map<string, ModelNode> {
  const byId = new Map<string, ModelNode>();
  for (const node of model.nodes) if (!byId.has(node.id)) byId.set(node.id, node);
  return byId;
}

/** The node's outputs, when its config parsed (a switch's or a split's outputs come from its config). */
export const outputsOfNode = (node: ModelNode): string[] | undefined => (node.parsed ? outputsOf(node.parsed) : undefined);

export const isEntry = (node: ModelNode) => node.type?.startsWith('entry.') === true;

/** An error on a node; `field` is relative to the node, e.g. `["config", "duration"]`. */
export function nodeError(node: ModelNode, code: ValidationCode, message: string, field: PathSegment[] = [], params?: ProblemParams): ValidationError {
  return { code, message, ...(params ? { params } : {}), nodeId: node.id, path: ['nodes', node.index, ...field] };
}

export function edgeError(edge: ModelEdge, code: ValidationCode, message: string, field: PathSegment[] = [], params?: ProblemParams): ValidationError {
  return { code, message, ...(params ? { params } : {}), ...(edge.id !== undefined ? { edgeId: edge.id } : {}), path: ['edges', edge.index, ...field] };
}

/** Where each node's edges lead, whatever their output handle; edges to unknown nodes are left out. */
export function successorsIn(model: ScenarioModel): Successors {
  const byId = nodesById(model);
  const targets = new Map<string, string[]>();
  for (const edge of model.edges) {
    if (!byId.has(edge.source) || !byId.has(edge.target)) continue;
    const list = targets.get(edge.source) ?? [];
    list.push(edge.target);
    targets.set(edge.source, list);
  }
  return (id) => targets.get(id) ?? [];
}

/** Edges that leave a real output of a parsed node, grouped as "source node → output → edges". */
export function edgesByOutput(model: ScenarioModel): Map<ModelNode, Map<string, ModelEdge[]>> {
  const byId = nodesById(model);
  const grouped = new Map<ModelNode, Map<string, ModelEdge[]>>();
  for (const edge of model.edges) {
    const source = byId.get(edge.source);
    if (!source || !outputsOfNode(source)?.includes(edge.sourceHandle)) continue;
    const outputs = grouped.get(source) ?? new Map<string, ModelEdge[]>();
    outputs.set(edge.sourceHandle, [...(outputs.get(edge.sourceHandle) ?? []), edge]);
    grouped.set(source, outputs);
  }
  return grouped;
}
