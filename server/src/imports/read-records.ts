import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { ImportMapping } from '@parcours/shared';

/** One record of a file with its line (the line it ends on, from 1), or why that line is no record. */
export type FileRecord = { line: number; record: Record<string, unknown> } | { line: number; error: string };

/** A CSV header that lacks a column the mapping reads: the mapping is wrong, not a row. */
export class MissingColumn extends Error {
  constructor(readonly column: string) {
    super(`the file has no column "${column}"`);
  }
}

/**
 * The records of a CSV file (csv-parse, streaming): its first line is the header, each row an object by
 * column name. A row the parser cannot read (a stray quote, a wrong number of fields) is yielded as an
 * error on its line and skipped. Throws MissingColumn when the header lacks a column of `columns`.
 */
async function* csvRecords(input: Readable, delimiter: string, columns: string[]): AsyncGenerator<FileRecord> {
  const skipped: FileRecord[] = [];
  const parser = input.pipe(
    parse({
      bom: true,
      delimiter,
      columns: (header: string[]) => {
        const names = header.map((name) => name.trim());
        const missing = columns.find((column) => !names.includes(column));
        if (missing !== undefined) throw new MissingColumn(missing);
        return names;
      },
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      on_skip: (error) => {
        if (error) skipped.push({ line: Number(error.lines ?? 0), error: error.message });
      },
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    if (skipped.length > 0) yield* skipped.splice(0);
    yield { line: info.lines, record };
  }
  yield* skipped;
}

/** The records of a JSON lines file: one JSON object per line; blank lines are skipped. */
async function* jsonLinesRecords(input: Readable): AsyncGenerator<FileRecord> {
  let line = 0;
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield { line, error: `is not valid JSON: ${(error as Error).message}` };
      continue;
    }
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) yield { line, record: value as Record<string, unknown> };
    else yield { line, error: 'is not a JSON object' };
  }
}

/** The records of an uploaded file, as they stream in. */
export function readRecords(input: Readable, mapping: ImportMapping, columns: string[]): AsyncGenerator<FileRecord> {
  return mapping.format === 'csv' ? csvRecords(input, mapping.delimiter, columns) : jsonLinesRecords(input);
}
