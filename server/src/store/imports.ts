import { asc, desc, eq, sql } from 'drizzle-orm';
import type { ImportedRow, ImportMapping, ImportRowError, ImportStatus, ImportView } from '@parcours/shared';
import type { SqlStatement } from '../db/connection.ts';
import { jsonField } from '../db/dialect.ts';
import type { Db } from '../db/open.ts';
import { importErrors, importRows, imports } from '../db/schema.ts';
import { NotFound } from '../domain/errors.ts';
import { boundLimit } from '../db/raw-statement.ts';

export type ImportRecord = typeof imports.$inferSelect;
type Counts = Partial<Pick<ImportRecord, 'read' | 'valid' | 'invalid' | 'written' | 'created' | 'updated' | 'unchanged' | 'withdrawalsKept' | 'errorCount'>>;

/** Errors kept per import: a bad 1M-row file must not write 1M error rows; the count goes on. */
export const KEPT_ERRORS = 10_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function createImport(db: Db, record: Pick<ImportRecord, 'id' | 'fileName' | 'format' | 'dryRun' | 'mapping' | 'createdAt'>): void {
  db.insert(imports).values({ ...record, status: 'reading' }).run();
}

/** An import that never was (its mapping did not fit the file); its errors go with it. */
export function deleteImport(db: Db, id: string): void {
  db.delete(imports).where(eq(imports.id, id)).run();
}

export const findImport = (db: Db, id: string): ImportRecord | undefined => db.select().from(imports).where(eq(imports.id, id)).get();

/** Adds to an import's counts. */
export function addCounts(db: Db, id: string, counts: Counts): void {
  const set = Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, sql`${imports[name as keyof Counts]} + ${n}`]));
  if (Object.keys(set).length > 0) db.update(imports).set(set).where(eq(imports.id, id)).run();
}

export function setStatus(db: Db, id: string, status: ImportStatus, finishedAt: number | null = null): void {
  db.update(imports).set({ status, finishedAt }).where(eq(imports.id, id)).run();
}

export const importsWithStatus = (db: Db, status: ImportStatus) => db.select({ id: imports.id }).from(imports).where(eq(imports.status, status)).all().map((r) => r.id);

/** Keeps the first KEPT_ERRORS errors of an import (`already` are kept before these) and counts them all. */
export function addErrors(db: Db, id: string, errors: ImportRowError[], already: number): void {
  const room = Math.max(0, KEPT_ERRORS - already);
  const kept = errors.slice(0, room);
  if (kept.length > 0) db.insert(importErrors).values(kept.map((e) => ({ importId: id, ...e }))).run();
  addCounts(db, id, { errorCount: errors.length });
}

const stageStatements = new WeakMap<Db, { insert: SqlStatement; lineOf: SqlStatement }>();

/**
 * Stages a valid row; a row whose contact key an earlier row of the file already has is not staged, and
 * the line of that earlier row is returned instead.
 */
export function stageRow(db: Db, importId: string, key: string, line: number, row: ImportedRow): number | undefined {
  let q = stageStatements.get(db);
  if (!q) {
    q = {
      insert: db.$client.prepare('INSERT INTO import_rows (import_id, key, line, row) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING'),
      lineOf: db.$client.prepare('SELECT line FROM import_rows WHERE import_id = ? AND key = ?').pluck(),
    };
    stageStatements.set(db, q);
  }
  if (q.insert.run(importId, key, line, JSON.stringify(row)).changes === 1) return undefined;
  return q.lineOf.get(importId, key) as number;
}

const nextStatements = new WeakMap<Db, SqlStatement>();

/** The next `limit` staged rows of an import (in key order). */
export function nextStagedRows(db: Db, importId: string, limit: number): Array<{ key: string; row: ImportedRow }> {
  let q = nextStatements.get(db);
  if (!q) nextStatements.set(db, (q = db.$client.prepare(`SELECT key, row FROM import_rows WHERE import_id = ? ORDER BY key ${boundLimit('?')}`)));
  return (q.all(importId, limit) as Array<{ key: string; row: string }>).map(({ key, row }) => ({ key, row: JSON.parse(row) as ImportedRow }));
}

const unstageStatements = new WeakMap<Db, SqlStatement>();

/** Unstages an import's rows up to `lastKey` (the slice just applied: rows go in key order). */
export function unstageThrough(db: Db, importId: string, lastKey: string): void {
  let q = unstageStatements.get(db);
  if (!q) unstageStatements.set(db, (q = db.$client.prepare('DELETE FROM import_rows WHERE import_id = ? AND key <= ?')));
  q.run(importId, lastKey);
}

/** Drops up to `limit` staged rows of an import that will not be applied; returns how many went. */
export function dropStagedRows(db: Db, importId: string, limit: number): number {
  return db.$client
    .prepare(`DELETE FROM import_rows WHERE import_id = @importId AND key IN (SELECT key FROM import_rows WHERE import_id = @importId ${boundLimit()})`)
    .run({ importId, limit }).changes;
}

/** Imports that finished with staged rows left behind (failed or dry runs): their rows are dropped in the background. */
export const importsWithLeftovers = (db: Db) =>
  db
    .select({ id: imports.id })
    .from(imports)
    .where(sql`${imports.status} IN ('failed', 'checked') AND EXISTS (SELECT 1 FROM ${importRows} WHERE ${importRows.importId} = ${imports.id})`)
    .all()
    .map((r) => r.id);

const byEmail = new WeakMap<Db, SqlStatement>();

/** The id of the contact whose `email` attribute is this one (any case; the `contacts_email` index), the oldest should several have it. */
export function contactIdByEmail(db: Db, email: string): string | undefined {
  let q = byEmail.get(db);
  if (!q) {
    q = db.$client.prepare(`SELECT id FROM contacts WHERE lower(${jsonField(db.$client, 'attributes', 'email')}) = lower(?) ORDER BY created_at, id LIMIT 1`).pluck();
    byEmail.set(db, q);
  }
  return q.get(email) as string | undefined;
}

function progress(r: ImportRecord) {
  const { read, valid, invalid, written, created, updated, unchanged, withdrawalsKept } = r;
  return { read, valid, invalid, written, created, updated, unchanged, withdrawalsKept };
}

const summary = (r: ImportRecord) => ({
  id: r.id,
  fileName: r.fileName,
  format: r.format,
  dryRun: r.dryRun,
  status: r.status,
  progress: progress(r),
  createdAt: iso(r.createdAt)!,
  finishedAt: iso(r.finishedAt),
});

/** An import with a page of its errors (in file order). */
export function importView(db: Db, id: string, offset = 0, limit = 100): ImportView {
  const r = findImport(db, id);
  if (!r) throw new NotFound(`import ${id}`);
  const items = db
    .select({ line: importErrors.line, column: importErrors.column, message: importErrors.message })
    .from(importErrors)
    .where(eq(importErrors.importId, id))
    .orderBy(asc(importErrors.id))
    .limit(limit)
    .offset(offset)
    .all();
  return { ...summary(r), mapping: r.mapping as ImportMapping, errors: { total: r.errorCount, offset, items } };
}

export const listImports = (db: Db, limit: number) => db.select().from(imports).orderBy(desc(imports.createdAt), desc(imports.id)).limit(limit).all().map(summary);
