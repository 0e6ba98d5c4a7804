import { z } from 'zod';
import { AttributeTypeSchema } from '../api/schemas.ts';
import { AttributeNameSchema } from '../schema/primitives.ts';
import { MESSAGE_CHANNELS } from '../schema/primitives.ts';

export const IMPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A CSV header's column name, or a property of a JSON line's object. */
const Column = z.string().min(1).max(200);

const AttributeColumn = z.object({ column: Column, attribute: AttributeNameSchema, type: AttributeTypeSchema }).strict();

const ConsentColumn = z
  .object({
    column: Column,
    channel: z.enum(MESSAGE_CHANNELS),
    /** What the consent history records as the source of a consent this column gives or withdraws. */
    source: z.string().trim().min(1).max(200).meta({ example: 'newsletter form, 2024 CRM export' }),
  })
  .strict();

/**
 * How a file's columns become contacts: which column identifies the contact (its id, else its email),
 * which columns are attributes and with what type, which are consents and where they came from.
 */
export const ImportMappingSchema = z
  .object({
    format: z.enum(IMPORT_FORMATS),
    /** CSV only: the field separator. */
    delimiter: z.enum([',', ';', '\t', '|']).default(','),
    key: z
      .object({
        id: Column.optional().meta({ description: "the column holding the contact's id" }),
        email: Column.optional().meta({ description: 'the column holding the email: matches a contact by its `email` attribute (any case), and sets it' }),
      })
      .strict()
      .refine((key) => key.id !== undefined || key.email !== undefined, 'name an id column, an email column or both'),
    attributes: z.array(AttributeColumn).max(500).default([]),
    consents: z.array(ConsentColumn).max(MESSAGE_CHANNELS.length).default([]),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const attributes = mapping.attributes.map((a) => a.attribute);
    mapping.attributes.forEach((a, i) => {
      if (attributes.indexOf(a.attribute) < i) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'attribute'], message: `"${a.attribute}" is mapped twice` });
      if (a.attribute === 'email' && mapping.key.email !== undefined)
        ctx.addIssue({ code: 'custom', path: ['attributes', i, 'attribute'], message: 'the email key column already sets the "email" attribute' });
    });
    const channels = mapping.consents.map((c) => c.channel);
    mapping.consents.forEach((c, i) => {
      if (channels.indexOf(c.channel) < i) ctx.addIssue({ code: 'custom', path: ['consents', i, 'channel'], message: `consent to ${c.channel} is mapped twice` });
    });
  })
  .meta({ id: 'ImportMapping' });
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

/** Every column the mapping reads, each with the path of the mapping field that names it. */
export function mappedColumns(mapping: ImportMapping): Array<{ column: string; path: Array<string | number> }> {
  return [
    ...(mapping.key.id !== undefined ? [{ column: mapping.key.id, path: ['key', 'id'] }] : []),
    ...(mapping.key.email !== undefined ? [{ column: mapping.key.email, path: ['key', 'email'] }] : []),
    ...mapping.attributes.map((a, i) => ({ column: a.column, path: ['attributes', i, 'column'] })),
    ...mapping.consents.map((c, i) => ({ column: c.column, path: ['consents', i, 'column'] })),
  ];
}
