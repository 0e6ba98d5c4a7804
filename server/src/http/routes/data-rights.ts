import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { consentHistory } from '../../store/consents.ts';
import { exportContact } from '../../store/contact-export.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ConsentHistorySchema, ContactExportSchema } from '@parcours/shared';
import { ContactIdParam } from '../schemas.ts';
import { errors, json } from './common.ts';

const tags = ['contacts'];


/** GDPR: proof of consent, and the right of access (erasure is DELETE /contacts/{id}). Admin keys only. */
export function dataRightsRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/consents',
      tags,
      summary: "The contact's consents and every change to them, with its time and source",
      request: { params: ContactIdParam },
      responses: { 200: json(ConsentHistorySchema, 'consents and their history'), ...errors(404) },
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
      responses: { 200: json(ContactExportSchema, 'the contact export'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const document = exportContact(db, id, clock.now());
      const filename = `contact-${id.replace(/[^\w.-]/g, '_')}.json`;
      return c.json(document, 200, { 'content-disposition': `attachment; filename="${filename}"` });
    },
  );
}
