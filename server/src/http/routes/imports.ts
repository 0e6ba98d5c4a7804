import { randomUUID } from 'node:crypto';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ImportListSchema, ImportMappingSchema, ImportSchema, mappedColumns, type ImportMapping, type PathSegment } from '@parcours/shared';
import { concludeIntake, failIntake, readingLock, takeIn } from '../../imports/intake.ts';
import { holdName } from '../../db/dialect.ts';
import type { ImportJobs } from '../../imports/jobs.ts';
import { MissingColumn } from '../../imports/read-records.ts';
import { listDeclaredAttributes } from '../../store/attributes.ts';
import { createImport, deleteImport, importView, listImports } from '../../store/imports.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError, issuesOf, type Issue } from '../errors.ts';
import { readUpload } from '../upload.ts';
import { errors, json } from './common.ts';

const tags = ['imports'];

const invalid = (issues: Issue[]) => new ApiError(400, 'invalid_request', `invalid import: ${issues[0].path.join('.')}: ${issues[0].message}`, issues);

/** The `mapping` and `dryRun` fields of the upload, checked before a byte of the file is read. */
function readOptions(fields: Record<string, string>, declared: Map<string, string>): { mapping: ImportMapping; dryRun: boolean } {
  if (fields.mapping === undefined) throw invalid([{ path: ['mapping'], message: 'is required, before the file part' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(fields.mapping);
  } catch (error) {
    throw invalid([{ path: ['mapping'], message: `is not valid JSON: ${(error as Error).message}` }]);
  }
  const parsed = ImportMappingSchema.safeParse(raw);
  if (!parsed.success) throw invalid(issuesOf(parsed.error).map((issue) => ({ ...issue, path: ['mapping', ...issue.path] })));
  const mapping = parsed.data;
  // A declared attribute has one type: a file cannot store text where the settings say number.
  const clashes: Issue[] = mapping.attributes.flatMap((a, i) => {
    const type = declared.get(a.attribute);
    return type && type !== a.type ? [{ path: ['mapping', 'attributes', i, 'type'], message: `"${a.attribute}" is declared as ${type} in the settings` }] : [];
  });
  if (clashes.length > 0) throw invalid(clashes);
  const dryRun = fields.dryRun ?? 'false';
  if (dryRun !== 'true' && dryRun !== 'false') throw invalid([{ path: ['dryRun'], message: 'must be "true" or "false"' }]);
  return { mapping, dryRun: dryRun === 'true' };
}

const ImportIdParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
const ErrorsPage = z.object({
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'first error of the page (file order)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const ListQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

/** Contact imports from CSV or JSON lines: upload with a mapping (and dry run), status and progress, list. */
export function importRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps, jobs: ImportJobs): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports',
      tags,
      summary: 'Import contacts from a CSV or JSON lines file (streamed): every row is checked first, and a file with a bad row writes nothing',
      description:
        'A multipart/form-data body: the `mapping` field (JSON, an ImportMapping) and optionally `dryRun` ("true": check only), THEN the `file` part. ' +
        'Answers once the whole file is read and checked: `failed` with the errors by line and column, `checked` for a dry run, or `applying` ' +
        '(the rows are written in the background; follow `GET /imports/{id}` until `done`).',
      request: {
        body: {
          required: true,
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['mapping', 'file'],
                properties: {
                  mapping: { type: 'string', description: 'the ImportMapping as JSON' },
                  dryRun: { type: 'string', enum: ['true', 'false'], description: 'check the file, write nothing' },
                  file: { type: 'string', format: 'binary', description: 'the CSV (header line first) or JSON lines file; the last part' },
                },
              },
            },
          },
        },
      },
      responses: { 201: json(ImportSchema, 'the import once its file is read'), ...errors(400, 413, 415) },
    }),
    async (c) => {
      const upload = await readUpload(c.req.raw);
      let options: ReturnType<typeof readOptions>;
      try {
        options = readOptions(upload.fields, new Map(listDeclaredAttributes(db).attributes.map((a) => [a.name, a.type])));
      } catch (error) {
        upload.file.resume();
        throw error;
      }
      const { mapping, dryRun } = options;
      const id = randomUUID();
      createImport(db, { id, fileName: upload.fileName, format: mapping.format, dryRun, mapping, createdAt: clock.now() });
      // Other API processes starting meanwhile see the file is being read here (see ImportJobs).
      const release = holdName(db.$client, readingLock(id));
      try {
        await takeIn(db, id, mapping, upload.file);
      } catch (error) {
        if (error instanceof MissingColumn) {
          // The mapping names a column the file lacks: a bad request, and nothing of it is kept.
          // (It is the header's fault: no row was staged yet.)
          upload.file.resume();
          deleteImport(db, id);
          const path: PathSegment[] = ['mapping', ...mappedColumns(mapping).find((m) => m.column === error.column)!.path];
          throw invalid([{ path, message: error.message }]);
        }
        failIntake(db, id, `the file could not be read to its end: ${(error as Error).message}`, clock.now());
      } finally {
        release();
      }
      concludeIntake(db, id, dryRun, clock.now());
      jobs.kick();
      return c.json(importView(db, id), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{id}',
      tags,
      summary: 'An import: status, progress (rows read, valid, written...) and a page of its errors by line and column',
      request: { params: ImportIdParam, query: ErrorsPage },
      responses: { 200: json(ImportSchema, 'the import'), ...errors(400, 404) },
    }),
    (c) => {
      const { offset, limit } = c.req.valid('query');
      return c.json(importView(db, c.req.valid('param').id, offset, limit), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports',
      tags,
      summary: 'The latest imports, newest first',
      request: { query: ListQuery },
      responses: { 200: json(ImportListSchema, 'imports'), ...errors(400) },
    }),
    (c) => c.json({ items: listImports(db, c.req.valid('query').limit) }, 200),
  );
}
