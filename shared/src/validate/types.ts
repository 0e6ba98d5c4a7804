import type { Scenario } from '../schema/scenario.ts';
import type { PathSegment } from './path.ts';

/** What is wrong, as stable machine-readable codes (the canvas and the CLI key on them). */
export const VALIDATION_CODES = [
  'invalid_shape',
  'unknown_node_type',
  'duplicate_id',
  'dangling_edge',
  'missing_output',
  'duplicate_output',
  'missing_default',
  'no_entry',
  'multiple_entries',
  'entry_has_input',
  'unreachable_node',
  'split_not_100',
  'loop_without_wait',
  'bad_duration',
  'unknown_template',
  'template_channel_mismatch',
  'unknown_scenario',
  'unknown_time_zone',
  'unknown_node',
  'template_syntax',
  'unknown_variable',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/**
 * One problem, located: `nodeId` / `edgeId` when it sits inside a node or an edge (so the canvas can mark it),
 * `path` as segments from the scenario's root, such as `["nodes", 2, "config", "duration"]` (`formatPath` writes
 * it for people: `nodes[2].config.duration`). `message` never repeats the path.
 */
export interface ValidationError {
  code: ValidationCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  path?: PathSegment[];
}

export interface ValidationContext {
  /** Ids of the scenarios an `action.scenario` node may start; unchecked when absent. */
  knownScenarios?: string[];
}

export interface ValidationResult {
  ok: boolean;
  /** The parsed scenario (defaults applied) whenever its shape is valid, even with graph errors. */
  scenario?: Scenario;
  errors: ValidationError[];
}
