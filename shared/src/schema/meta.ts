import { z } from 'zod';

export interface FieldMeta {
  title?: string;
  description?: string;
}

/**
 * The label and hint a field's schema carries (`.meta({ title, description })` in the node definitions),
 * looked up through optional / default wrappers: the forms show what the JSON Schema says.
 */
export function fieldMeta(schema: unknown): FieldMeta {
  let current = schema as z.ZodType | undefined;
  for (let depth = 0; current && depth < 8; depth++) {
    const meta = z.globalRegistry.get(current);
    if (meta?.title !== undefined || meta?.description !== undefined) return { title: meta.title, description: meta.description };
    current = (current._zod.def as { innerType?: z.ZodType }).innerType;
  }
  return {};
}
