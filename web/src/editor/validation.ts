import { validateScenario, type AttributeCatalogue, type PathSegment, type ProblemParams, type Scenario, type ValidationError, type ValidationWarning } from '@parcours/shared';
import { problemText } from '../i18n/problems.ts';

export interface Problems {
  ok: boolean;
  errors: ValidationError[];
  /** Worth a look, not blocking: attributes some contacts lack. */
  warnings: ValidationWarning[];
  byNode: Map<string, ValidationError[]>;
  byEdge: Map<string, ValidationError[]>;
  /** Warnings by the node they sit on, so the canvas marks it. */
  warningsByNode: Map<string, ValidationWarning[]>;
}

/** The index in `collection` ("nodes", "edges") a path starts in: ["nodes", 2, "config"] → 2 for "nodes". */
function indexIn(collection: 'nodes' | 'edges', path: readonly PathSegment[] | undefined): number | undefined {
  const [head, index] = path ?? [];
  return head === collection && typeof index === 'number' ? index : undefined;
}

/** The node and edge an error sits on: named by its id, or found by the index its path starts with. */
export function locationOf(scenario: Scenario, error: Pick<ValidationError, 'nodeId' | 'edgeId' | 'path'>): { node?: string; edge?: string } {
  const nodeIndex = indexIn('nodes', error.path);
  const edgeIndex = indexIn('edges', error.path);
  return {
    node: error.nodeId ?? (nodeIndex !== undefined ? scenario.nodes[nodeIndex]?.id : undefined),
    edge: error.edgeId ?? (edgeIndex !== undefined ? scenario.edges[edgeIndex]?.id : undefined),
  };
}

/** Groups validation errors by the node or edge they sit on (by id, or by the index in their path), warnings by node. */
export function locate(scenario: Scenario, errors: ValidationError[], warnings: ValidationWarning[] = []): Problems {
  const byNode = new Map<string, ValidationError[]>();
  const byEdge = new Map<string, ValidationError[]>();
  const warningsByNode = new Map<string, ValidationWarning[]>();
  const push = <T,>(map: Map<string, T[]>, id: string | undefined, e: T) => {
    if (!id) return;
    const list = map.get(id);
    if (list) list.push(e);
    else map.set(id, [e]);
  };
  for (const e of errors) {
    const at = locationOf(scenario, e);
    push(byNode, at.node, e);
    push(byEdge, at.edge, e);
  }
  for (const w of warnings) push(warningsByNode, locationOf(scenario, w).node, w);
  return { ok: errors.length === 0, errors, warnings, byNode, byEdge, warningsByNode };
}

let last: { scenario: Scenario; attributes?: AttributeCatalogue; segments?: string[]; problems: Problems } | null = null;

/**
 * Validation of the scenario being edited, template variables included when the workspace's attribute catalogue is
 * known, saved segment entries when its saved segments are; recomputed only when the scenario, the catalogue object or
 * the segment list changes.
 */
export function problemsOf(scenario: Scenario, attributes?: AttributeCatalogue, segments?: string[]): Problems {
  if (last?.scenario === scenario && last.attributes === attributes && last.segments === segments) return last.problems;
  const result = validateScenario(scenario, { ...(attributes ? { attributes } : {}), ...(segments ? { knownSegments: segments } : {}) });
  const problems = locate(scenario, result.errors, result.warnings);
  last = { scenario, attributes, segments, problems };
  return problems;
}

/** Field errors of one node, keyed by the path inside its config ("duration", "variants.1.percent"). */
export function fieldErrors(scenario: Scenario, nodeId: string, problems: Problems): Map<string, string[]> {
  const index = scenario.nodes.findIndex((n) => n.id === nodeId);
  return errorsUnder(problems.byNode.get(nodeId) ?? [], ['nodes', index, 'config']);
}

/** The key a form field has for a path inside the value it edits: ["variants", 1, "percent"] → "variants.1.percent". */
export const fieldKey = (path: readonly PathSegment[]): string => path.join('.');

/** Errors whose path lies under `prefix` (["settings"], ["templates", 1]), keyed by the rest of the path as a field key. */
export function errorsUnder(errors: Array<{ path?: PathSegment[]; message: string; code?: string; params?: ProblemParams }>, prefix: readonly PathSegment[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    if (!e.path || e.path.length < prefix.length || prefix.some((segment, i) => e.path![i] !== segment)) continue;
    const key = fieldKey(e.path.slice(prefix.length));
    out.set(key, [...(out.get(key) ?? []), problemText(e)]);
  }
  return out;
}
