import { defaultOutputOf } from '../../schema/catalogue.ts';
import { edgesByOutput, nodeError, nodesById, outputsOfNode, type ModelNode, type ScenarioModel } from '../model.ts';
import type { ValidationError } from '../types.ts';

/** Each parsed node with the outputs of it that no edge leaves from. */
function unconnectedOutputs(model: ScenarioModel): { node: ModelNode; output: string }[] {
  const connected = edgesByOutput(model);
  const byId = nodesById(model);
  // A node repeating an earlier id cannot be told apart by edges; duplicate_id reports it.
  const distinct = model.nodes.filter((node) => byId.get(node.id) === node);
  return distinct.flatMap((node) =>
    [...new Set(outputsOfNode(node))].filter((output) => !connected.get(node)?.has(output)).map((output) => ({ node, output })),
  );
}

const isDefault = (node: ModelNode, output: string) => node.parsed !== undefined && defaultOutputOf(node.parsed) === output;

/** `missing_output`: every output must lead somewhere, or a contact taking it would be stuck. */
export function missingOutputs(model: ScenarioModel): ValidationError[] {
  return unconnectedOutputs(model)
    .filter(({ node, output }) => !isDefault(node, output))
    .map(({ node, output }) => nodeError(node, 'missing_output', `output "${output}" is not connected`, [], { output }));
}

/** `missing_default`: the fallback output of a condition or switch must be connected (reported instead of missing_output). */
export function missingDefaults(model: ScenarioModel): ValidationError[] {
  return unconnectedOutputs(model)
    .filter(({ node, output }) => isDefault(node, output))
    .map(({ node, output }) =>
      nodeError(node, 'missing_default', `the default output "${output}" is not connected: contacts that match nothing would be stuck here`, [], { output }),
    );
}
