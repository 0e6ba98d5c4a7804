import { z } from 'zod';
import { IMPORT_FORMATS, ImportMappingSchema } from './mapping.ts';

/**
 * - `reading`: the file is streaming in; each row is checked and staged, no contact is written yet.
 * - `failed`: the file had bad rows (or broke off): no contact was written.
 * - `checked`: a dry run found no bad row; nothing was written.
 * - `applying`: every row was valid; the staged rows are being written, a slice at a time.
 * - `done`: every row is written.
 */
export const IMPORT_STATUSES = ['reading', 'failed', 'checked', 'applying', 'done'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ImportRowErrorSchema = z.object({
  line: z.number().int().meta({ description: 'Line in the file, from 1 (a CSV header is line 1)' }),
  column: z.string().nullable().meta({ description: 'The column at fault; null when it is the whole row' }),
  message: z.string(),
});

export const ImportProgressSchema = z.object({
  read: z.number().int().meta({ description: 'Rows read from the file' }),
  valid: z.number().int().meta({ description: 'Rows that passed every check' }),
  invalid: z.number().int().meta({ description: 'Rows refused (see errors)' }),
  written: z.number().int().meta({ description: 'Valid rows applied to contacts so far' }),
  created: z.number().int().meta({ description: 'Contacts the import created' }),
  updated: z.number().int().meta({ description: 'Existing contacts it changed' }),
  unchanged: z.number().int().meta({ description: 'Rows that changed nothing (the contact already said so)' }),
  withdrawalsKept: z.number().int().meta({ description: 'Consents the file grants but the contact had withdrawn: kept withdrawn' }),
});

export const ImportSchema = z
  .object({
    id: z.string(),
    fileName: z.string().nullable(),
    format: z.enum(IMPORT_FORMATS),
    dryRun: z.boolean(),
    status: z.enum(IMPORT_STATUSES),
    mapping: ImportMappingSchema,
    progress: ImportProgressSchema,
    errors: z.object({
      total: z.number().int().meta({ description: 'Errors found (the first 10,000 are kept)' }),
      offset: z.number().int(),
      items: z.array(ImportRowErrorSchema),
    }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'Import' });
export type ImportView = z.infer<typeof ImportSchema>;

export const ImportListSchema = z.object({ items: z.array(ImportSchema.omit({ errors: true, mapping: true })) }).meta({ id: 'ImportList' });
export type ImportList = z.infer<typeof ImportListSchema>;
