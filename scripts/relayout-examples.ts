/**
 * Lays the example scenarios (scenarios/*.json) out top to bottom with the editor's own auto layout, and rewrites
 * only their node positions, keeping each file's hand formatting (`pnpm examples:layout` after editing an example).
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Scenario } from '../shared/src/index.ts';
import { autoLayout } from '../web/src/editor/layout.ts';

/** A node's height on the canvas with live counts and labelled outputs (taller than a bare card), so rows never touch. */
const CARD_HEIGHT = 150;
const POSITION = /"position": \{ "x": -?\d+(?:\.\d+)?, "y": -?\d+(?:\.\d+)? \}/g;

const dir = fileURLToPath(new URL('../scenarios/', import.meta.url));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort()) {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const scenario = Scenario.parse(JSON.parse(text));
  const sizes = Object.fromEntries(scenario.nodes.map((n) => [n.id, { height: CARD_HEIGHT }]));
  const positions = await autoLayout(scenario, sizes);
  // Positions appear once per node, in the order of the nodes: the k-th one belongs to the k-th node.
  const found = text.match(POSITION)?.length ?? 0;
  if (found !== scenario.nodes.length) throw new Error(`${file}: ${found} positions for ${scenario.nodes.length} nodes; write one "position" per node`);
  let k = 0;
  const laid = text.replace(POSITION, () => {
    const { x, y } = positions[scenario.nodes[k++].id];
    return `"position": { "x": ${x}, "y": ${y} }`;
  });
  writeFileSync(path, laid);
  console.log(`laid out ${file}`);
}
