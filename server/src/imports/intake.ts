import type { Readable } from 'node:stream';
import { convertRow, importKeyText, mappedColumns, type ImportedRow, type ImportMapping, type ImportRowError } from '@parcours/shared';
import { inTransaction, type Db } from '../db/open.ts';
import { timed } from '../runtime/long-tasks.ts';
import { addCounts, addErrors, findImport, setStatus, stageRow } from '../store/imports.ts';
import { readRecords, type FileRecord } from './read-records.ts';

/**
 * Rows checked between two commits while a file streams in. A batch is 2-10 ms of work; between
 * batches the thread goes back to the event loop, so requests are answered during a long upload.
 */
const BATCH_ROWS = 1000;

interface Batch {
  read: number;
  rows: Array<{ line: number; key: string; row: ImportedRow }>;
  errors: ImportRowError[];
  /** Lines with at least one error. */
  invalid: Set<number>;
}

const emptyBatch = (): Batch => ({ read: 0, rows: [], errors: [], invalid: new Set() });

/**
 * Checks a batch and stages its valid rows in one short transaction. A row whose contact key an earlier
 * row of the file has is an error on the key's column: one row per contact, so the file's order never matters.
 */
function commitBatch(db: Db, importId: string, mapping: ImportMapping, batch: Batch): void {
  const keyColumn = (key: string) => (key.startsWith('id:') ? mapping.key.id! : mapping.key.email!);
  timed('import intake', () =>
    inTransaction(db, () => {
      const errors = [...batch.errors];
      let valid = 0;
      for (const { line, key, row } of batch.rows) {
        const first = stageRow(db, importId, key, line, row);
        if (first === undefined) valid++;
        else {
          errors.push({ line, column: keyColumn(key), message: `is the same contact as line ${first}` });
          batch.invalid.add(line);
        }
      }
      errors.sort((a, b) => a.line - b.line);
      addErrors(db, importId, errors, findImport(db, importId)!.errorCount);
      addCounts(db, importId, { read: batch.read, valid, invalid: batch.invalid.size });
    }),
  );
}

/**
 * Reads an uploaded file to its end, checking every row against the mapping and staging the valid ones;
 * no contact is written. Returns once the last row is staged; throws what the reader throws (a missing
 * column, a broken upload), the rows staged so far left for the caller to discard.
 */
export async function takeIn(db: Db, importId: string, mapping: ImportMapping, file: Readable): Promise<void> {
  const columns = mappedColumns(mapping).map((c) => c.column);
  let batch = emptyBatch();
  const flush = async () => {
    commitBatch(db, importId, mapping, batch);
    batch = emptyBatch();
    await new Promise((resolve) => setImmediate(resolve));
  };
  for await (const item of readRecords(file, mapping, columns) as AsyncIterable<FileRecord>) {
    batch.read++;
    if ('error' in item) {
      batch.errors.push({ line: item.line, column: null, message: item.error });
      batch.invalid.add(item.line);
    } else {
      const result = convertRow(item.record, mapping, item.line);
      if (result.ok) batch.rows.push({ line: item.line, key: importKeyText(result.row.key), row: result.row });
      else {
        batch.errors.push(...result.errors);
        batch.invalid.add(item.line);
      }
    }
    if (batch.read >= BATCH_ROWS) await flush();
  }
  commitBatch(db, importId, mapping, batch);
}

/** After the file is read: a bad row fails the whole import, a dry run stops there, else the rows get applied. */
export function concludeIntake(db: Db, importId: string, dryRun: boolean, now: number): void {
  const record = findImport(db, importId)!;
  if (record.status !== 'reading') return;
  if (record.errorCount > 0) setStatus(db, importId, 'failed', now);
  else if (dryRun) setStatus(db, importId, 'checked', now);
  else setStatus(db, importId, 'applying');
}

/** The name of the lock the API process reading an import's file holds meanwhile (see holdName). */
export const readingLock = (importId: string) => `import reading ${importId}`;

/** The upload broke off (or the server stopped while reading): the import fails, nothing applied; the error is on line 0, the file. */
export function failIntake(db: Db, importId: string, message: string, now: number): void {
  inTransaction(db, () => {
    const record = findImport(db, importId)!;
    addErrors(db, importId, [{ line: 0, column: null, message }], record.errorCount);
    setStatus(db, importId, 'failed', now);
  });
}
