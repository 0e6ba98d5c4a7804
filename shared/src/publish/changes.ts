import { diffScenarios, type ChangedNode, type ScenarioDiff, type ScenarioDocument } from './diff.ts';

/** What publishing a draft would change in the live version; positions on the canvas are not a change. */
export interface ScenarioChanges {
  added: ChangedNode[];
  removed: ChangedNode[];
  changed: ChangedNode[];
  /** The other parts that differ, among "name", "connections", "settings", "templates", "test cases"... */
  other: string[];
}

/** The scenario's top-level parts other than nodes, each under the word a summary shows for it, in the summary's order. */
const PARTS: Array<[word: string, differs: (d: ScenarioDiff) => boolean]> = [
  ['name', (d) => d.other.some((f) => f.path === 'name')],
  ['description', (d) => d.other.some((f) => f.path === 'description')],
  ['connections', (d) => d.edges.added.length + d.edges.removed.length > 0],
  ...(['settings', 'templates'] as const).map((part): [string, (d: ScenarioDiff) => boolean] => [part, (d) => d.other.some((f) => f.path.startsWith(part))]),
  ['test cases', (d) => d.other.some((f) => f.path.startsWith('tests'))],
];

/**
 * The differences between the live version and a draft, node by node, ignoring where nodes sit on the canvas:
 * the summary of `diffScenarios`. Without a live version, every node is new.
 */
export function changesSinceLive(live: ScenarioDocument | undefined, draft: ScenarioDocument): ScenarioChanges {
  const diff = diffScenarios(live, draft);
  const { added, removed, changed } = diff.nodes;
  return {
    added,
    removed,
    changed: changed.map(({ fields: _fields, ...node }) => node),
    other: live ? PARTS.filter(([, differs]) => differs(diff)).map(([word]) => word) : [],
  };
}

/** Whether a summary of changes holds any. */
export const hasChanges = ({ added, removed, changed, other }: ScenarioChanges): boolean => added.length + removed.length + changed.length + other.length > 0;

/** Whether publishing the draft would change anything but positions: what "Publish" is enabled for. */
export const draftDiffersFromLive = (live: ScenarioDocument | undefined, draft: ScenarioDocument): boolean => hasChanges(changesSinceLive(live, draft));
