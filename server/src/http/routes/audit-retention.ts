import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { AuditRetentionSchema } from '@parcours/shared';
import { loadAuditRetention, saveAuditRetention } from '../../store/audit-retention.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';

const RetentionSchema = z.object(AuditRetentionSchema.shape).strict().openapi('AuditRetention', { example: { days: 365 } });

/** How long the audit log keeps its entries (admins): for good by default, else a number of days, 180 at least. */
export function auditRetentionRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/audit-retention',
      tags: ['settings'],
      summary: 'How many days the audit log keeps its entries (null: for good)',
      responses: { 200: json(RetentionSchema, 'the retention') },
    }),
    (c) => c.json({ days: loadAuditRetention(db) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/audit-retention',
      tags: ['settings'],
      summary: 'Set how many days the audit log keeps its entries (180 to 3650), or null to keep them for good; the retention job prunes older ones',
      request: body(RetentionSchema),
      responses: { 200: json(RetentionSchema, 'the saved retention'), ...errors(400) },
    }),
    (c) => {
      const { days } = c.req.valid('json');
      const before = loadAuditRetention(db);
      const note = days === before ? undefined : { action: 'settings.audit_retention' as const, target: { type: 'settings', id: 'audit-retention' }, change: { from: before, to: days } };
      audited(c, { db, clock }, note, () => saveAuditRetention(db, days));
      return c.json({ days: loadAuditRetention(db) }, 200);
    },
  );
}
