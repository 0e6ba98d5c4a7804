import { scenarioJsonSchema } from '@parcours/shared';
import type { Output } from '../output.ts';

/** `parcours schema`: the scenario JSON Schema, for editors and other tools. */
export function schemaCommand(out: Output): number {
  out.log(JSON.stringify(scenarioJsonSchema(), null, 2));
  return 0;
}
