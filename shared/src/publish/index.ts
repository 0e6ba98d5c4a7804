export { sameJson } from './same-json.ts';
export { changesSinceLive, draftDiffersFromLive, hasChanges, type ChangedNode, type ScenarioChanges } from './changes.ts';
