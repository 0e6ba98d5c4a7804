import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { formatPath, isValidTimeZone, type PathSegment } from '@parcours/shared';
import { getContactView, searchContacts, timeline, type ContactPatch } from '../../store/contacts.ts';
import { withNodeNames } from '../../store/node-names.ts';
import { audited, recordAudit } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { ContactListSchema, ContactSchema, IngestResultSchema, TimelineSchema } from '@parcours/shared';
import { ContactBatchSchema, ContactIdParam, ContactPatchSchema, ContactSearchQuery, WritableContactIdParam } from '../schemas.ts';
import { body, errors, json } from './common.ts';

const tags = ['contacts'];

/** A time zone the engine cannot use would silently fall back to UTC: refuse it at the door. */
function checkTimeZones(items: Array<{ timeZone?: string | null }>, path: (i: number) => PathSegment[]): void {
  const issues = items.flatMap((item, i) =>
    item.timeZone && !isValidTimeZone(item.timeZone) ? [{ path: path(i), message: `unknown time zone "${item.timeZone}" (use an IANA name such as Europe/Paris)` }] : [],
  );
  if (issues.length > 0) throw new ApiError(400, 'invalid_request', `invalid body: ${formatPath(issues[0].path)}: ${issues[0].message}`, issues);
}

export function contactRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'put',
      path: '/contacts/{id}',
      tags,
      summary: 'Create or update a contact (attributes merge key by key; lists are replaced)',
      request: { params: WritableContactIdParam, ...body(ContactPatchSchema) },
      responses: { 200: json(ContactSchema, 'the contact'), ...errors(400) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const patch: ContactPatch = c.req.valid('json');
      checkTimeZones([patch], () => ['timeZone']);
      // Consents set through the API by a person or a key are in the audit log, committed with the change.
      const consents = patch.consents;
      const audit = consents && (() => recordAudit(c, { db, clock }, { action: 'contact.consent', target: { type: 'contact', id }, change: { consents } }));
      await runtime.grouped.upsertContacts([{ id, patch }], 'api', audit);
      return c.json(getContactView(db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contacts/batch',
      tags,
      summary: 'Create or update many contacts',
      request: body(ContactBatchSchema),
      responses: { 200: json(IngestResultSchema, 'applied'), ...errors(400) },
    }),
    async (c) => {
      const { contacts } = c.req.valid('json');
      checkTimeZones(contacts, (i) => ['contacts', i, 'timeZone']);
      return c.json(await runtime.grouped.upsertContacts(contacts.map(({ id, ...patch }) => ({ id, patch })), 'api'), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts',
      tags,
      request: { query: ContactSearchQuery },
      responses: { 200: json(ContactListSchema, 'contacts matching the search'), ...errors(400) },
    }),
    (c) => {
      const { search, limit } = c.req.valid('query');
      return c.json({ items: searchContacts(db, search, limit) }, 200);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/contacts/{id}', tags, request: { params: ContactIdParam }, responses: { 200: json(ContactSchema, 'the contact'), ...errors(404) } }),
    (c) => c.json(getContactView(db, c.req.valid('param').id), 200),
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/contacts/{id}',
      tags,
      summary: 'Erase a contact and all its history (GDPR): events, enrolments, timers, trace, messages',
      request: { params: ContactIdParam },
      responses: { 204: { description: 'erased' }, ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      audited(c, { db, clock }, { action: 'contact.erase', target: { type: 'contact', id } }, () => runtime.erase(id));
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/timeline',
      tags,
      summary: "The contact's events, scenario steps and messages, oldest first",
      request: { params: ContactIdParam },
      responses: { 200: json(TimelineSchema, 'timeline'), ...errors(404) },
    }),
    (c) => c.json({ items: withNodeNames(db, timeline(db, c.req.valid('param').id)) }, 200),
  );
}
