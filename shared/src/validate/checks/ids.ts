import { isRecord } from '../path.ts';
import { edgeError, nodeError, type ModelNode, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** Each item whose key was already taken by an earlier one, with that earlier one. */
function repeats<T>(items: readonly T[], key: (item: T) => unknown): { item: T; first: T }[] {
  const firsts = new Map<unknown, T>();
  const found: { item: T; first: T }[] = [];
  for (const item of items) {
    const k = key(item);
    if (typeof k !== 'string') continue;
    const first = firsts.get(k);
    if (first === undefined) firsts.set(k, item);
    else found.push({ item, first });
  }
  return found;
}

/** The ids a branch node gives its outputs: switch cases (plus the reserved "default"), split variants and next-best-action candidates. */
function innerIds(node: ModelNode): { field: 'cases' | 'variants' | 'candidates'; ids: unknown[] } | undefined {
  const config = isRecord(node.raw.config) ? node.raw.config : {};
  const ids = (items: unknown) => (Array.isArray(items) ? items.map((item) => (isRecord(item) ? item.id : undefined)) : []);
  if (node.type === 'branch.switch') return { field: 'cases', ids: [...ids(config.cases), 'default'] };
  if (node.type === 'branch.split') return { field: 'variants', ids: ids(config.variants) };
  // "fallback" is refused by the candidate's schema, located on its id.
  if (node.type === 'branch.best') return { field: 'candidates', ids: ids(config.candidates) };
  return undefined;
}

function duplicateInnerIds(node: ModelNode): ValidationError[] {
  const inner = innerIds(node);
  if (!inner) return [];
  const indexed = inner.ids.map((id, index) => ({ id, index }));
  return repeats(indexed, (entry) => entry.id).map(({ item, first }) =>
    inner.field === 'cases' && item.index === inner.ids.length - 1
      ? nodeError(node, 'duplicate_id', 'a case may not be called "default": that is the name of the fallback output', ['config', 'cases', first.index, 'id'], { variant: 'default_case' })
      : nodeError(node, 'duplicate_id', `id "${item.id}" is already used by ${inner.field}[${first.index}]`, ['config', inner.field, item.index, 'id'], {
          variant: inner.field,
          id: String(item.id),
          position: first.index + 1,
        }),
  );
}

/** `duplicate_id`: node, edge and template ids are unique in the scenario; case, variant and candidate ids within their node. */
export function duplicateIds(model: ScenarioModel): ValidationError[] {
  return [
    ...repeats(model.nodes, (node) => node.id).map(({ item, first }) =>
      nodeError(item, 'duplicate_id', `id "${item.id}" is already used by nodes[${first.index}]`, ['id'], { variant: 'nodes', id: item.id, position: first.index + 1 }),
    ),
    ...repeats(model.edges, (edge) => edge.id).map(({ item, first }) =>
      edgeError(item, 'duplicate_id', `id "${item.id}" is already used by edges[${first.index}]`, ['id'], { variant: 'edges', id: String(item.id), position: first.index + 1 }),
    ),
    ...repeats(model.templates, (template) => template.id).map(({ item, first }) => ({
      code: 'duplicate_id' as const,
      message: `id "${item.id}" is already used by templates[${first.index}]`,
      params: { variant: 'templates', id: item.id, position: first.index + 1 },
      path: ['templates', item.index, 'id'],
    })),
    ...model.nodes.flatMap(duplicateInnerIds),
  ];
}
