import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { scenarioJsonSchema } from '@parcours/shared';

type JsonSchema = Record<string, unknown>;
/** The registry's schema object type, which a JSON Schema from zod matches in all but its typing. */
type ComponentSchema = Parameters<OpenAPIHono['openAPIRegistry']['registerComponent']>[2];

/** Rewrites "#/$defs/X" references to "#/components/schemas/X" everywhere in a schema. */
function rehome(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rehome);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' ? value.replace('#/$defs/', '#/components/schemas/') : rehome(value)]),
  );
}

/**
 * Registers the scenario file format (shared's JSON Schema, generated from the zod schema the
 * server validates with) as the `Scenario` component; its recursive parts ($defs: Condition,
 * JsonValue) become components of their own. `$id` goes: it would re-base the references.
 */
export function registerScenarioSchema<E extends Env>(app: OpenAPIHono<E>): void {
  const { $schema: _schema, $id: _id, $defs = {}, ...root } = scenarioJsonSchema() as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [name, def] of Object.entries($defs)) app.openAPIRegistry.registerComponent('schemas', name, rehome(def) as ComponentSchema);
  app.openAPIRegistry.registerComponent('schemas', 'Scenario', rehome(root) as ComponentSchema);
}
