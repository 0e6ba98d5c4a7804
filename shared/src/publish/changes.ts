import type { DraftNode, DraftScenario } from '../schema/draft.ts';
import type { Scenario } from '../schema/scenario.ts';
import { sameJson } from './same-json.ts';

/** A node as a change summary names it. */
export interface ChangedNode {
  id: string;
  type: string;
  label?: string;
}

/** What publishing a draft would change in the live version; positions on the canvas are not a change. */
export interface ScenarioChanges {
  added: ChangedNode[];
  removed: ChangedNode[];
  changed: ChangedNode[];
  /** The other parts that differ, among "name", "connections", "settings", "templates", "test cases"... */
  other: string[];
}

type Document = Scenario | DraftScenario;

const named = ({ id, type, label }: DraftNode): ChangedNode => ({ id, type, ...(label ? { label } : {}) });
const withoutPosition = ({ position: _position, ...node }: DraftNode) => node;

/** The scenario's top-level parts other than nodes, each under the word a summary shows for it. */
const PARTS: Array<[string, (s: Document) => unknown]> = [
  ['name', (s) => s.name],
  ['description', (s) => s.description],
  ['connections', (s) => s.edges],
  ['settings', (s) => s.settings],
  ['templates', (s) => s.templates],
  ['test cases', (s) => s.tests],
];

/**
 * The differences between the live version and a draft, node by node, ignoring where nodes sit on the canvas.
 * Without a live version, every node is new.
 */
export function changesSinceLive(live: Document | undefined, draft: Document): ScenarioChanges {
  if (!live) return { added: draft.nodes.map(named), removed: [], changed: [], other: [] };
  const liveNodes = new Map(live.nodes.map((n) => [n.id, n]));
  const draftIds = new Set(draft.nodes.map((n) => n.id));
  return {
    added: draft.nodes.filter((n) => !liveNodes.has(n.id)).map(named),
    removed: live.nodes.filter((n) => !draftIds.has(n.id)).map(named),
    changed: draft.nodes.filter((n) => liveNodes.has(n.id) && !sameJson(withoutPosition(liveNodes.get(n.id)!), withoutPosition(n))).map(named),
    other: PARTS.filter(([, part]) => !sameJson(part(live), part(draft))).map(([word]) => word),
  };
}

/** Whether a summary of changes holds any. */
export const hasChanges = ({ added, removed, changed, other }: ScenarioChanges): boolean => added.length + removed.length + changed.length + other.length > 0;

/** Whether publishing the draft would change anything but positions: what "Publish" is enabled for. */
export const draftDiffersFromLive = (live: Document | undefined, draft: Document): boolean => hasChanges(changesSinceLive(live, draft));
