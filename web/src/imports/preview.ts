import { parse } from 'csv-parse/browser/esm/sync';
import type { AttributeType, ImportFormat, ImportMapping, MessageChannel } from '@parcours/shared';

/** How much of the file the preview reads: the server reads the whole file, the preview only its head. */
const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 5;

export type Delimiter = ImportMapping['delimiter'];

export interface FilePreview {
  format: ImportFormat;
  delimiter: Delimiter;
  columns: string[];
  /** The first rows, cell by column, as text. */
  rows: string[][];
}

/** What a column is used for in the mapping. */
export type ColumnUse = 'ignore' | 'id' | 'email' | 'attribute' | 'consent';

export interface ColumnChoice {
  column: string;
  use: ColumnUse;
  attribute: string;
  type: AttributeType;
  channel: MessageChannel;
  source: string;
}

export const formatOf = (fileName: string): ImportFormat => (/\.(jsonl|ndjson)$/i.test(fileName) ? 'jsonl' : 'csv');

/** The separator the header line uses most. */
function guessDelimiter(firstLine: string): Delimiter {
  const candidates: Delimiter[] = [',', ';', '\t', '|'];
  return candidates.reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
}

/** The head of a file, cut at its last complete line. */
async function head(file: File): Promise<string> {
  const text = await file.slice(0, PREVIEW_BYTES).text();
  return file.size > PREVIEW_BYTES ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
}

const cellText = (value: unknown) => (value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** The columns and first rows of a file, parsed as the server will (csv-parse for CSV). */
export async function previewFile(file: File, format: ImportFormat, delimiter?: Delimiter): Promise<FilePreview> {
  const text = await head(file);
  if (format === 'jsonl') {
    const objects = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .slice(0, PREVIEW_ROWS)
      .flatMap((line) => {
        try {
          const value = JSON.parse(line);
          return typeof value === 'object' && value !== null && !Array.isArray(value) ? [value as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      });
    const columns = [...new Set(objects.flatMap((o) => Object.keys(o)))];
    return { format, delimiter: ',', columns, rows: objects.map((o) => columns.map((c) => cellText(o[c]))) };
  }
  const used = delimiter ?? guessDelimiter(text.split('\n', 1)[0] ?? '');
  const records: string[][] = parse(text, { bom: true, delimiter: used, skip_empty_lines: true, relax_column_count: true, to_line: PREVIEW_ROWS + 1 });
  const [header = [], ...rows] = records;
  return { format, delimiter: used, columns: header.map((c) => c.trim()), rows };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
// 0 and 1 alone look like numbers: a yes/no column says so in words.
const YES_NO = /^(true|false|yes|no|y|n|oui|non)$/i;
const DAY = /^\d{4}-\d{2}-\d{2}(T.*)?$/;

/** The type the sample values look like, unless the attribute is declared with one. */
function guessType(values: string[], declared: AttributeType | undefined): AttributeType {
  if (declared) return declared;
  const filled = values.filter((v) => v.trim() !== '');
  if (filled.length === 0) return 'text';
  if (filled.every((v) => YES_NO.test(v.trim()))) return 'boolean';
  if (filled.every((v) => NUMBER.test(v.trim()))) return 'number';
  if (filled.every((v) => DAY.test(v.trim()))) return 'date';
  return 'text';
}

/** A name the server accepts as an attribute: letters, digits, "_", "-", ".", not starting with a digit. */
const attributeName = (column: string) => column.trim().replace(/[^\w.-]+/g, '_').replace(/^([^A-Za-z_])/, '_$1').slice(0, 100) || 'attribute';

/** A first mapping from the column names and the sample: id and email columns as keys, the rest as typed attributes. */
export function guessChoices(preview: FilePreview, declared: Map<string, AttributeType>): ColumnChoice[] {
  return preview.columns.map((column, i) => {
    const name = attributeName(column);
    const lower = column.toLowerCase();
    const use: ColumnUse = ['id', 'user_id', 'userid', 'contact_id'].includes(lower) ? 'id' : ['email', 'e-mail', 'mail'].includes(lower) ? 'email' : 'attribute';
    return { column, use, attribute: name, type: guessType(preview.rows.map((r) => r[i] ?? ''), declared.get(name)), channel: 'email', source: '' };
  });
}

/** The mapping the server is sent. */
export function mappingOf(preview: FilePreview, choices: ColumnChoice[]): ImportMapping {
  const id = choices.find((c) => c.use === 'id')?.column;
  const email = choices.find((c) => c.use === 'email')?.column;
  return {
    format: preview.format,
    delimiter: preview.delimiter,
    key: { ...(id !== undefined ? { id } : {}), ...(email !== undefined ? { email } : {}) },
    attributes: choices.filter((c) => c.use === 'attribute').map((c) => ({ column: c.column, attribute: c.attribute, type: c.type })),
    consents: choices.filter((c) => c.use === 'consent').map((c) => ({ column: c.column, channel: c.channel, source: c.source })),
  };
}
