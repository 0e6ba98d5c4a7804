export { sameJson } from './same-json.ts';
export { changesSinceLive, draftDiffersFromLive, hasChanges, type ScenarioChanges } from './changes.ts';
export { diffScenarios, diffIsEmpty, type ChangedNode, type FieldChange, type NodeDiff, type ScenarioDiff, type ScenarioDocument } from './diff.ts';
