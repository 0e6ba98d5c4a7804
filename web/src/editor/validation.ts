import { validateScenario, type Scenario, type ValidationError } from '@parcours/shared';

export interface Problems {
  ok: boolean;
  errors: ValidationError[];
  byNode: Map<string, ValidationError[]>;
  byEdge: Map<string, ValidationError[]>;
}

const NODE_PATH = /^nodes\[(\d+)\]/;
const EDGE_PATH = /^edges\[(\d+)\]/;

/** Groups validation errors by the node or edge they sit on (by id, or by the index in their path). */
export function locate(scenario: Scenario, errors: ValidationError[]): Problems {
  const byNode = new Map<string, ValidationError[]>();
  const byEdge = new Map<string, ValidationError[]>();
  const push = (map: Map<string, ValidationError[]>, id: string | undefined, e: ValidationError) => {
    if (!id) return;
    const list = map.get(id);
    if (list) list.push(e);
    else map.set(id, [e]);
  };
  for (const e of errors) {
    const nodeIndex = e.path ? NODE_PATH.exec(e.path)?.[1] : undefined;
    const edgeIndex = e.path ? EDGE_PATH.exec(e.path)?.[1] : undefined;
    push(byNode, e.nodeId ?? (nodeIndex !== undefined ? scenario.nodes[Number(nodeIndex)]?.id : undefined), e);
    push(byEdge, e.edgeId ?? (edgeIndex !== undefined ? scenario.edges[Number(edgeIndex)]?.id : undefined), e);
  }
  return { ok: errors.length === 0, errors, byNode, byEdge };
}

let last: { scenario: Scenario; problems: Problems } | null = null;

/** Validation of the scenario being edited, recomputed only when the scenario object changes. */
export function problemsOf(scenario: Scenario): Problems {
  if (last?.scenario === scenario) return last.problems;
  const result = validateScenario(scenario);
  const problems = locate(scenario, result.errors);
  last = { scenario, problems };
  return problems;
}

/** Field errors of one node, keyed by the path inside its config ("duration", "variants.1.percent"). */
export function fieldErrors(scenario: Scenario, nodeId: string, problems: Problems): Map<string, string[]> {
  const index = scenario.nodes.findIndex((n) => n.id === nodeId);
  return errorsUnder(problems.byNode.get(nodeId) ?? [], `nodes[${index}].config`);
}

/** Errors whose path lies under `prefix` ("settings", "templates[1]"), keyed by the rest of the path. */
export function errorsUnder(errors: ValidationError[], prefix: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of errors) {
    if (!e.path || !(e.path === prefix || e.path.startsWith(`${prefix}.`) || e.path.startsWith(`${prefix}[`))) continue;
    const key = normalisePath(e.path.slice(prefix.length));
    out.set(key, [...(out.get(key) ?? []), e.message]);
  }
  return out;
}

/** ".variants[1].percent" / "variants.1.percent" → "variants.1.percent"; "" for the config itself. */
export function normalisePath(path: string): string {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^\./, '')
    .replace(/\.$/, '');
}
