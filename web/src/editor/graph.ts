import { outputsOf, type Edge, type NodeType, type Scenario, type ScenarioNode, type Template } from '@parcours/shared';
import { starterConfig } from './starters.ts';
import { NODE_WIDTH } from './layout.ts';

/** Pure edits of a scenario graph: each returns a new scenario and never mutates its input. */

export interface XY {
  x: number;
  y: number;
}

export interface Connection {
  source: string;
  sourceHandle: string;
  target: string;
}

/** A copied piece of graph: nodes plus the edges between them. */
export interface Clipboard {
  nodes: ScenarioNode[];
  edges: Edge[];
}

/** "wait.delay" → "delay"; ids read well in exports and traces ("delay-2", "email-1"). */
function idStem(type: NodeType): string {
  return type.split('.')[1];
}

export function freshId(stem: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
}

const nodeIds = (s: Scenario) => new Set(s.nodes.map((n) => n.id));
const edgeIds = (s: Scenario) => new Set(s.edges.map((e) => e.id));

export function addNode(scenario: Scenario, type: NodeType, position: XY): { scenario: Scenario; id: string } {
  const id = freshId(idStem(type), nodeIds(scenario));
  const node = { id, type, config: starterConfig(type, scenario), position: roundXY(position) } as ScenarioNode;
  return { scenario: { ...scenario, nodes: [...scenario.nodes, node] }, id };
}

/** Adds a node and connects an existing output to it: the "next step" dropped at the end of a dragged edge. */
export function addNodeAfter(scenario: Scenario, type: NodeType, position: XY, from: Omit<Connection, 'target'>): { scenario: Scenario; id: string } {
  const added = addNode(scenario, type, position);
  return { scenario: connect(added.scenario, { ...from, target: added.id }), id: added.id };
}

/** Vertical room a node inserted into a chain needs: what the steps below it move down by. */
export const INSERT_GAP = 160;

/**
 * Inserts a step into an edge: the new node takes the place of the edge's target, whose first output leads on
 * to it; the target and the steps below it move down to make room.
 */
export function insertOnEdge(scenario: Scenario, edgeId: string, type: NodeType): { scenario: Scenario; id: string } | null {
  const edge = scenario.edges.find((e) => e.id === edgeId);
  const target = scenario.nodes.find((n) => n.id === edge?.target);
  if (!edge || !target) return null;
  const added = addNode(scenario, type, target.position);
  const node = added.scenario.nodes.find((n) => n.id === added.id)!;
  const below = descendants(scenario, edge.target);
  let next: Scenario = {
    ...added.scenario,
    nodes: added.scenario.nodes.map((n) =>
      below.has(n.id) && n.position.y >= target.position.y ? ({ ...n, position: { x: n.position.x, y: n.position.y + INSERT_GAP } } as ScenarioNode) : n,
    ),
    edges: added.scenario.edges.map((e) => (e.id === edgeId ? { ...e, target: added.id } : e)),
  };
  const first = outputsOf(node)[0];
  if (first) next = connect(next, { source: added.id, sourceHandle: first, target: edge.target });
  return { scenario: next, id: added.id };
}

/** A node and every node reachable from it. */
function descendants(scenario: Scenario, from: string): Set<string> {
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const id = queue.shift()!;
    for (const e of scenario.edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return seen;
}

/**
 * Connects an output to a node. An output leads to exactly one node, so a new edge replaces the output's
 * old one. Refused (scenario returned unchanged): unknown nodes or output, a node connected to itself.
 */
export function connect(scenario: Scenario, c: Connection): Scenario {
  const source = scenario.nodes.find((n) => n.id === c.source);
  const target = scenario.nodes.find((n) => n.id === c.target);
  if (!source || !target || source.id === target.id) return scenario;
  if (!outputsOf(source).includes(c.sourceHandle)) return scenario;
  const existing = scenario.edges.find((e) => e.source === c.source && e.sourceHandle === c.sourceHandle);
  if (existing?.target === c.target) return scenario;
  const others = scenario.edges.filter((e) => e !== existing);
  const id = existing?.id ?? freshId(`e-${c.source}-${c.sourceHandle}`.slice(0, 70), edgeIds(scenario));
  return { ...scenario, edges: [...others, { id, source: c.source, sourceHandle: c.sourceHandle, target: c.target }] };
}

/** Deletes nodes (with every edge touching them) and edges. */
export function deleteElements(scenario: Scenario, nodes: Iterable<string>, edges: Iterable<string> = []): Scenario {
  const goneNodes = new Set(nodes);
  const goneEdges = new Set(edges);
  if (goneNodes.size === 0 && goneEdges.size === 0) return scenario;
  return {
    ...scenario,
    nodes: scenario.nodes.filter((n) => !goneNodes.has(n.id)),
    edges: scenario.edges.filter((e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target)),
  };
}

/** Replaces a node's config; edges leaving outputs that no longer exist (a removed split arm) go with them. */
export function updateConfig(scenario: Scenario, nodeId: string, config: unknown): Scenario {
  let changed: ScenarioNode | undefined;
  const nodes = scenario.nodes.map((n) => (n.id === nodeId ? (changed = { ...n, config } as ScenarioNode) : n));
  if (!changed) return scenario;
  const outputs = new Set(outputsOf(changed));
  const edges = scenario.edges.filter((e) => e.source !== nodeId || outputs.has(e.sourceHandle));
  return { ...scenario, nodes, edges: edges.length === scenario.edges.length ? scenario.edges : edges };
}

/** Saves a template into the scenario (replacing the one with its id, else adding it) and points the node at it. */
export function writeTemplate(scenario: Scenario, nodeId: string, template: Template): Scenario {
  const known = scenario.templates.some((t) => t.id === template.id);
  const templates = known ? scenario.templates.map((t) => (t.id === template.id ? template : t)) : [...scenario.templates, template];
  const withTemplate = { ...scenario, templates };
  const config = scenario.nodes.find((n) => n.id === nodeId)?.config as { template?: string } | undefined;
  return !config || config.template === template.id ? withTemplate : updateConfig(withTemplate, nodeId, { ...config, template: template.id });
}

export function updateLabel(scenario: Scenario, nodeId: string, label: string): Scenario {
  return {
    ...scenario,
    nodes: scenario.nodes.map((n) => (n.id === nodeId ? ({ ...n, label: label || undefined } as ScenarioNode) : n)),
  };
}

export function moveNodes(scenario: Scenario, positions: Record<string, XY>): Scenario {
  if (!Object.keys(positions).some((id) => positions[id])) return scenario;
  return {
    ...scenario,
    nodes: scenario.nodes.map((n) => (positions[n.id] ? ({ ...n, position: roundXY(positions[n.id]) } as ScenarioNode) : n)),
  };
}

export function copy(scenario: Scenario, ids: Iterable<string>): Clipboard {
  const picked = new Set(ids);
  return {
    nodes: structuredClone(scenario.nodes.filter((n) => picked.has(n.id))),
    edges: structuredClone(scenario.edges.filter((e) => picked.has(e.source) && picked.has(e.target))),
  };
}

/** Space between a copied group and its pasted copy, in canvas pixels. */
const PASTE_GAP = 40;

/** How far a paste shifts the clipboard by default: just right of the copied nodes, so the copy never hides them. */
export function besideOffset(clip: Clipboard): XY {
  const xs = clip.nodes.map((n) => n.position.x);
  return { x: Math.max(...xs) - Math.min(...xs) + NODE_WIDTH + PASTE_GAP, y: 0 };
}

/** Where a node put at a canvas point (dropped, picked from the quick-add menu, pasted) lands: centred just below it. */
export const placedAt = (point: XY): XY => ({ x: point.x - NODE_WIDTH / 2, y: point.y - 30 });

/** How far a paste at a canvas point shifts the clipboard: the group's top-left corner lands as a drop there would. */
export function atPointOffset(clip: Clipboard, point: XY): XY {
  const at = placedAt(point);
  return { x: at.x - Math.min(...clip.nodes.map((n) => n.position.x)), y: at.y - Math.min(...clip.nodes.map((n) => n.position.y)) };
}

/** Pastes a clipboard with fresh ids, shifted by `offset`; returns the new node ids (the new selection). */
export function paste(scenario: Scenario, clip: Clipboard, offset: XY): { scenario: Scenario; ids: string[] } {
  const takenNodes = nodeIds(scenario);
  const takenEdges = edgeIds(scenario);
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(idStem(n.type), takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    return { ...structuredClone(n), id, position: roundXY({ x: n.position.x + offset.x, y: n.position.y + offset.y }) };
  });
  const edges = clip.edges.map((e) => {
    const source = rename.get(e.source)!;
    const id = freshId(`e-${source}-${e.sourceHandle}`.slice(0, 70), takenEdges);
    takenEdges.add(id);
    return { ...e, id, source, target: rename.get(e.target)! };
  });
  return {
    scenario: { ...scenario, nodes: [...scenario.nodes, ...nodes], edges: [...scenario.edges, ...edges] },
    ids: nodes.map((n) => n.id),
  };
}

function roundXY(p: XY): XY {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}
