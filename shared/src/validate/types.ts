import type { DraftScenario } from '../schema/draft.ts';
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
  'unknown_attribute',
  'same_as_unreachable',
  'unknown_segment',
  'correlation_without_event',
] as const;

export type ValidationCode = (typeof VALIDATION_CODES)[number];

/**
 * What a problem's message is made of, for a client that words it in another language: the names, ids and numbers
 * in the message and, where a code has several wordings, `variant` naming which (`dangling_edge`: `no_node`,
 * `no_output`...). The English `message` stays the reference text.
 */
export type ProblemParams = Record<string, string | number>;

/**
 * One problem, located: `nodeId` / `edgeId` when it sits inside a node or an edge (so the canvas can mark it),
 * `path` as segments from the scenario's root, such as `["nodes", 2, "config", "duration"]` (`formatPath` writes
 * it for people: `nodes[2].config.duration`). `message` never repeats the path.
 */
export interface ValidationError {
  code: ValidationCode;
  message: string;
  params?: ProblemParams;
  nodeId?: string;
  edgeId?: string;
  path?: PathSegment[];
}

/** Problems that do not block publishing but that a marketer should see first. */
export const VALIDATION_WARNING_CODES = ['attribute_often_missing', 'attribute_never_seen'] as const;
export type ValidationWarningCode = (typeof VALIDATION_WARNING_CODES)[number];

/** A warning, located like an error. */
export interface ValidationWarning {
  code: ValidationWarningCode;
  message: string;
  params?: ProblemParams;
  nodeId?: string;
  path?: PathSegment[];
}

export const ATTRIBUTE_TYPES = ['text', 'number', 'boolean', 'date'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * The workspace's contact attributes: those seen on contacts (with how many contacts have each) and those
 * declared in the settings (with a type), out of `contacts` known contacts.
 */
export interface AttributeCatalogue {
  contacts: number;
  attributes: Array<{ name: string; contacts: number; type?: AttributeType }>;
}

export interface ValidationContext {
  /** Ids of the scenarios an `action.scenario` node may start; unchecked when absent. */
  knownScenarios?: string[];
  /** The attributes templates may read as `contact.<name>`; unchecked when absent. */
  attributes?: AttributeCatalogue;
  /** Ids of the saved segments an `entry.membership` node may enter on; unchecked when absent. */
  knownSegments?: string[];
}

export interface ValidationResult {
  ok: boolean;
  /** The parsed scenario (defaults applied) whenever its shape is valid, even with graph errors. */
  scenario?: Scenario;
  /** The scenario as a draft may hold it (incomplete node configs kept as written), whenever it can be saved. */
  draft?: DraftScenario;
  errors: ValidationError[];
  /** Do not block publishing (`ok` ignores them). */
  warnings: ValidationWarning[];
}
