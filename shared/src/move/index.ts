export { canMove, checkMapping, defaultTarget, targetOf, targetsFor, waitingKindOf, type InFlightMapping, type MappedNode, type MappedVersion, type MappingIssue, type NodeMapping } from './mapping.ts';
export { movedState, type DueRule, type MovedState, type WaitingState } from './state.ts';
export { InFlightChoice, InFlightMappingSchema, InFlightPreviewSchema, type InFlightPreview } from './api.ts';
