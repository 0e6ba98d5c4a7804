import { z } from 'zod';
import { NODE_SCHEMAS, type ScenarioNode } from '../schema/nodes.ts';
import { Identifier } from '../schema/primitives.ts';
import { DraftScenario } from '../schema/draft.ts';
import { Edge, Scenario } from '../schema/scenario.ts';
import { isNodeType, unknownNodeType } from './checks/node-type.ts';
import { describeIssues } from './issues.ts';
import { errorAt } from './location.ts';
import type { ModelEdge, ModelNode, ModelTemplate, ScenarioModel } from './model.ts';
import { describeValue, isRecord, type PathSegment } from './path.ts';
import type { ValidationError } from './types.ts';

/** The scenario minus its nodes and edges, which are checked one by one so each error stays on its node. */
const ScenarioShell = Scenario.extend({ nodes: z.array(z.unknown()), edges: z.array(z.unknown()) });
/** All that can be checked of a node whose type is unknown. */
const NodeIdentity = z.object({ id: Identifier });

export interface ShapeResult {
  errors: ValidationError[];
  model: ScenarioModel;
  /** Set only when the whole scenario has a valid shape. */
  scenario?: Scenario;
  /** Set when it can be saved as a draft: a valid shape but for the configs of some nodes. */
  draft?: DraftScenario;
}

/** Collects located errors against the raw input. */
class Findings {
  readonly errors: ValidationError[] = [];
  constructor(private readonly input: Record<string, unknown>) {}

  add(error: ValidationError): void {
    this.errors.push(error);
  }

  /** zod `issues` raised while parsing `value`, found at `at` in the input. */
  issues(issues: z.core.$ZodIssue[], value: unknown, at: PathSegment[]): void {
    for (const problem of describeIssues(issues, value)) this.add(errorAt(this.input, [...at, ...problem.path], problem.code, problem.message, problem.params));
  }
}

/** Checks the shape of every part of `input` on its own and salvages what the graph checks need. */
export function checkShape(input: Record<string, unknown>): ShapeResult {
  const found = new Findings(input);
  const shell = ScenarioShell.safeParse(input);
  if (!shell.success) found.issues(shell.error.issues, input, []);

  const model: ScenarioModel = {
    scenarioId: typeof input.id === 'string' ? input.id : undefined,
    nodes: asArray(input.nodes).flatMap((raw, index) => readNode(input, raw, index, found)),
    edges: asArray(input.edges).flatMap((raw, index) => readEdge(raw, index, found)),
    templates: asArray(input.templates).flatMap((raw, index): ModelTemplate[] =>
      isRecord(raw) && typeof raw.id === 'string' ? [{ index, id: raw.id, channel: raw.channel }] : [],
    ),
    // Errors in these were reported with the shell; here they are only read for the duration checks.
    settings: Scenario.shape.settings.safeParse(input.settings).data,
    tests: Scenario.shape.tests.safeParse(input.tests).data,
  };

  if (found.errors.length > 0) return { errors: found.errors, model, draft: DraftScenario.safeParse(input).data as DraftScenario | undefined };
  // Every piece is valid; the full contract schema has the last word and applies the defaults.
  const full = Scenario.safeParse(input);
  if (!full.success) found.issues(full.error.issues, input, []);
  return { errors: found.errors, model, scenario: full.data, draft: full.data ?? (DraftScenario.safeParse(input).data as DraftScenario | undefined) };
}

/** Checks `nodes[index]` against the schema of its type; keeps it for the graph checks if it has an id. */
function readNode(input: Record<string, unknown>, raw: unknown, index: number, found: Findings): ModelNode[] {
  const at = ['nodes', index];
  if (!isRecord(raw)) {
    found.add(errorAt(input, at, 'invalid_shape', `must be a node object, not ${describeValue(raw)}`));
    return [];
  }
  const { id, type } = raw;
  const known = typeof type === 'string' && isNodeType(type) ? type : undefined;
  let parsed: ScenarioNode | undefined;
  if (known) {
    const result = NODE_SCHEMAS[known].safeParse(raw);
    if (result.success) parsed = result.data as ScenarioNode;
    else found.issues(result.error.issues, raw, at);
  } else {
    if (typeof type === 'string') found.add(unknownNodeType(input, index, type));
    else found.add(errorAt(input, [...at, 'type'], 'invalid_shape', type === undefined ? 'is required' : `must be a string, not ${describeValue(type)}`));
    const identity = NodeIdentity.safeParse(raw);
    if (!identity.success) found.issues(identity.error.issues, raw, at);
  }
  if (typeof id !== 'string') return [];
  return [{ index, id, type: known, parsed, raw }];
}

/** Checks `edges[index]`; keeps it for the graph checks if it names both its ends. */
function readEdge(raw: unknown, index: number, found: Findings): ModelEdge[] {
  const result = Edge.safeParse(raw);
  if (!result.success) found.issues(result.error.issues, raw, ['edges', index]);
  if (!isRecord(raw)) return [];
  const { id, source, target, sourceHandle = 'next' } = raw;
  if (typeof source !== 'string' || typeof target !== 'string' || typeof sourceHandle !== 'string') return [];
  return [{ index, id: typeof id === 'string' ? id : undefined, source, sourceHandle, target }];
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
