import { NODE_CATALOGUE } from '../../schema/catalogue.ts';
import { edgeError, edgesByOutput, nodesById, outputsOfNode, type ScenarioModel } from '../model.ts';
import type { ProblemParams, ValidationError } from '../types.ts';

const quoted = (items: readonly string[]) => items.map((item) => `"${item}"`).join(', ');

/** `dangling_edge`: an edge must leave a real output of a node and lead to a node. */
export function danglingEdges(model: ScenarioModel): ValidationError[] {
  const byId = nodesById(model);
  return model.edges.flatMap((edge) => {
    const errors: ValidationError[] = [];
    const source = byId.get(edge.source);
    if (!source) errors.push(edgeError(edge, 'dangling_edge', `no node "${edge.source}"`, ['source'], { variant: 'no_node', node: edge.source }));
    if (!byId.has(edge.target)) errors.push(edgeError(edge, 'dangling_edge', `no node "${edge.target}"`, ['target'], { variant: 'no_node', node: edge.target }));
    const outputs = source && outputsOfNode(source);
    if (source?.type && outputs && !outputs.includes(edge.sourceHandle)) {
      const has = outputs.length > 0 ? `its outputs are ${quoted(outputs)}` : `${NODE_CATALOGUE[source.type].title} nodes have none`;
      const params: ProblemParams = outputs.length > 0
        ? { variant: 'no_output', node: source.id, output: edge.sourceHandle, outputs: quoted(outputs) }
        : { variant: 'no_outputs', node: source.id, output: edge.sourceHandle, type: source.type };
      errors.push(edgeError(edge, 'dangling_edge', `node "${source.id}" has no output "${edge.sourceHandle}": ${has}`, ['sourceHandle'], params));
    }
    return errors;
  });
}

/** `duplicate_output`: an output leads to one place; every edge after the first from it is reported. */
export function duplicateOutputs(model: ScenarioModel): ValidationError[] {
  return [...edgesByOutput(model)].flatMap(([source, outputs]) =>
    [...outputs].flatMap(([output, [first, ...others]]) =>
      others.map((edge) =>
        edgeError(edge, 'duplicate_output', `output "${output}" of node "${source.id}" is already connected by ${first.id ? `edge "${first.id}"` : `edges[${first.index}]`}`, ['sourceHandle'], {
          output,
          node: source.id,
          edge: first.id ?? `edges[${first.index}]`,
        }),
      ),
    ),
  );
}
