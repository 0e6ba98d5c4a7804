import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { stringify } from 'csv-stringify/sync';
import { AuditFilterSchema, AuditPageSchema, type AuditEntry } from '@parcours/shared';
import { listAudit } from '../../store/audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { errors, json } from './common.ts';

const tags = ['audit'];

const AuditListQuery = AuditFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().min(1).optional().openapi({ description: "The previous page's `next`: entries older than it" }),
});
const AuditExportQuery = AuditFilterSchema.extend({ format: z.enum(['csv', 'jsonl']).default('csv') });

const CSV_HEADER = ['id', 'at', 'actor_kind', 'actor_id', 'actor', 'action', 'target_type', 'target_id', 'change', 'ip', 'user_agent'];
const csvRow = (e: AuditEntry) => [e.id, e.at, e.actor.kind, e.actor.id, e.actor.label, e.action, e.target.type, e.target.id, JSON.stringify(e.change), e.ip, e.userAgent];
const PAGE = 1000;

/** The audit log, for admins: read and exported, never changed (no route writes it but the changes it records). */
export function auditRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit',
      tags,
      summary: 'Audit log entries, newest first, filtered by actor, action, target and time; paged with `before`',
      request: { query: AuditListQuery },
      responses: { 200: json(AuditPageSchema, 'one page of entries'), ...errors(400) },
    }),
    (c) => {
      const { limit, before, ...filter } = c.req.valid('query');
      return c.json(listAudit(db, filter, limit, before), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/audit/export',
      tags,
      summary: 'Every entry matching the filters, newest first, as CSV or JSON lines',
      request: { query: AuditExportQuery },
      responses: {
        200: { content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } }, description: 'the entries' },
        ...errors(400),
      },
    }),
    (c) => {
      const { format, ...filter } = c.req.valid('query');
      c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
      c.header('content-disposition', `attachment; filename="audit.${format}"`);
      return stream(c, async (out) => {
        if (format === 'csv') await out.write(stringify([CSV_HEADER]));
        // A page at a time, older than the last: entries written meanwhile (newer) do not shift the pages.
        for (let before: number | undefined; ; ) {
          const page = listAudit(db, filter, PAGE, before);
          if (page.items.length > 0) await out.write(format === 'csv' ? stringify(page.items.map(csvRow)) : page.items.map((e) => `${JSON.stringify(e)}\n`).join(''));
          if (page.next === undefined) break;
          before = page.next;
        }
      }) as never;
    },
  );
}
