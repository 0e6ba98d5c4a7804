export { sameJson } from './same-json.ts';
export { changesSinceLive, draftDiffersFromLive, type ChangedNode, type ScenarioChanges } from './changes.ts';
