import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open.ts';
import { enrolments, events, messages, steps, timers } from '../../db/schema.ts';
import { consentHistory } from '../../store/consents.ts';
import { getContactView } from '../../store/contacts.ts';
import { messageView } from '../../store/messages.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ContactSchema } from '@parcours/shared';
import { ContactIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

const tags = ['contacts'];
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const ConsentChangeSchema = z.object({ channel: z.string(), granted: z.boolean(), source: z.string(), at: z.string() });
const ConsentsSchema = z
  .object({
    consents: ContactSchema.shape.consents,
    changes: z.array(ConsentChangeSchema),
  })
  .openapi('ConsentHistory');

/** Everything the database holds on one contact, in one document (GDPR right of access). */
function exportContact(db: Db, id: string, now: number) {
  const contact = getContactView(db, id);
  const stepRows = db.select().from(steps).where(eq(steps.contactId, id)).orderBy(asc(steps.id)).all();
  const timerRows = db
    .select({ enrolmentId: timers.enrolmentId, node: timers.node, dueAt: timers.dueAt })
    .from(timers)
    .innerJoin(enrolments, eq(enrolments.id, timers.enrolmentId))
    .where(eq(enrolments.contactId, id))
    .orderBy(asc(timers.dueAt))
    .all();
  const enrolmentRows = db.select().from(enrolments).where(eq(enrolments.contactId, id)).orderBy(asc(enrolments.id)).all();
  return {
    exportedAt: iso(now),
    contact,
    consents: consentHistory(db, id),
    events: db
      .select()
      .from(events)
      .where(eq(events.contactId, id))
      .orderBy(asc(events.at), asc(events.id))
      .all()
      .map((e) => ({ name: e.name, properties: e.properties, at: iso(e.at), receivedAt: iso(e.receivedAt) })),
    enrolments: enrolmentRows.map((e) => ({
      scenarioId: e.scenarioId,
      version: e.version,
      pass: e.pass,
      status: e.status,
      node: e.node,
      trigger: e.trigger,
      enteredAt: iso(e.enteredAt),
      exitedAt: iso(e.exitedAt),
      state: e.snapshot,
      timers: timerRows.filter((t) => t.enrolmentId === e.id).map((t) => ({ node: t.node, dueAt: iso(t.dueAt) })),
      steps: stepRows
        .filter((s) => s.enrolmentId === e.id)
        .map((s) => ({ at: iso(s.at), node: s.node, type: s.type, outcome: s.outcome, output: s.output, reason: s.reason, rule: s.rule, until: iso(s.until) })),
    })),
    messages: db.select().from(messages).where(eq(messages.contactId, id)).orderBy(asc(messages.id)).all().map(messageView),
  };
}

/** GDPR: proof of consent, and the right of access (erasure is DELETE /contacts/{id}). Admin keys only. */
export function dataRightsRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/consents',
      tags,
      summary: "The contact's consents and every change to them, with its time and source",
      request: { params: ContactIdParam },
      responses: { 200: json(ConsentsSchema, 'consents and their history'), ...errors(404) },
    }),
    (c) => c.json(consentHistory(db, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/export',
      tags,
      summary: 'Everything held on the contact (right of access): profile, aliases, consents, events, enrolments and their steps, messages',
      request: { params: ContactIdParam },
      responses: { 200: json(z.any(), 'the contact export'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const document = exportContact(db, id, clock.now());
      const filename = `contact-${id.replace(/[^\w.-]/g, '_')}.json`;
      return c.json(document as never, 200, { 'content-disposition': `attachment; filename="${filename}"` });
    },
  );
}
