import { z } from 'zod';
import { NODE_CATALOGUE } from './catalogue.ts';
import { Condition } from './conditions.ts';
import { NODE_SCHEMAS, NODE_TYPES, type NodeType } from './nodes.ts';
import { JsonValue } from './primitives.ts';
import { SCHEMA_VERSION, Scenario } from './scenario.ts';

/** Where the published schema says it lives; scenario files point at it with `"$schema"`. */
export const SCENARIO_SCHEMA_ID = `urn:parcours:scenario:v${SCHEMA_VERSION}`;

/**
 * Names for the recursive parts, so that `$defs` reads `Condition` rather than `__schema0`. They join zod's
 * global registry, which also holds the fields' `.meta({ title, description })` from the node definitions.
 */
z.globalRegistry.add(Condition, { id: 'Condition' });
z.globalRegistry.add(JsonValue, { id: 'JsonValue' });

const nodeTypeOf = new Map<z.core.$ZodType, NodeType>(NODE_TYPES.map((type) => [NODE_SCHEMAS[type], type]));

/**
 * The JSON Schema (draft 2020-12) of a scenario file, generated from the zod schema so the two cannot drift.
 * It describes the file as written (`io: 'input'`): fields with defaults are optional. Graph rules (one entry,
 * connected outputs, no loop without a wait...) are beyond JSON Schema: `validateScenario` checks those.
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, {
    target: 'draft-2020-12',
    io: 'input',
    // Each node type carries the palette's title and description, which editors show on hover.
    override: ({ zodSchema, jsonSchema }) => {
      const type = nodeTypeOf.get(zodSchema);
      if (type) Object.assign(jsonSchema, { title: NODE_CATALOGUE[type].title, description: NODE_CATALOGUE[type].description });
    },
  });
  const { $schema, ...rest } = schema;
  return {
    $schema,
    $id: SCENARIO_SCHEMA_ID,
    title: 'Parcours scenario',
    description: `A Parcours marketing-automation scenario (schemaVersion ${SCHEMA_VERSION}): nodes, the edges between their outputs, templates, settings and saved simulation tests.`,
    ...rest,
  };
}
