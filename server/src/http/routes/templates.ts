import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ContactProfile, ExternalName, Identifier, JsonValue, TemplateLibrarySchema, TemplatePreviewSchema, formatPath, previewTemplate } from '@parcours/shared';
import { findContact } from '../../store/contacts.ts';
import { getScenario, templateLibrary } from '../../store/scenarios.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { InvalidScenario, NotFound } from '../../domain/errors.ts';
import { badRequest } from '../errors.ts';
import { ScenarioIdParam } from '../schemas.ts';
import { body, errors, json } from './common.ts';

const PreviewParams = ScenarioIdParam.extend({
  templateId: z.string().pipe(Identifier).openapi({ param: { name: 'templateId', in: 'path' }, example: 'welcome-email' }),
});

const PreviewInput = z
  .object({
    contactId: z.string().min(1).optional(),
    contact: ContactProfile.optional(),
    event: z.object({ name: ExternalName, properties: z.record(z.string(), JsonValue).default({}) }).strict().optional(),
  })
  .strict()
  .refine((b) => !(b.contactId && b.contact), { message: 'give contactId or contact, not both', path: ['contact'] });

// For the OpenAPI document only: the recursive JSON values of profiles and events are beyond zod-to-openapi,
// so the body is described loosely here and checked with PreviewInput.
const PreviewBody = z
  .object({
    contactId: z.string().optional().openapi({ description: 'a stored contact to render for' }),
    contact: z.any().optional().openapi({ description: 'or a sample ContactProfile: id, attributes, consents, timeZone, lists' }),
    event: z.any().optional().openapi({ description: 'the triggering event { name, properties }, for {{ event.* }}' }),
  })
  .openapi('PreviewRequest');

/** A sample contact with no attributes, when the caller names none: shows which variables a template needs. */
const NOBODY = { id: 'preview', attributes: {}, consents: {}, lists: [] };

export function templateRoutes(app: OpenAPIHono<AppEnv>, { db }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/templates',
      tags: ['scenarios'],
      summary: "The templates of every scenario's draft, to reuse one in another scenario (the editor copies it in)",
      responses: { 200: json(TemplateLibrarySchema, 'templates with their scenario') },
    }),
    (c) => c.json({ items: templateLibrary(db) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/scenarios/{id}/templates/{templateId}/preview',
      tags: ['scenarios'],
      summary: "Render one of the draft's templates for a contact (stored or sample) and an event, exactly as it would be sent",
      request: { params: PreviewParams, ...body(PreviewBody) },
      responses: { 200: json(TemplatePreviewSchema, 'the rendered content'), ...errors(400, 404, 422) },
    }),
    (c) => {
      const { id, templateId } = c.req.valid('param');
      const parsed = PreviewInput.safeParse(c.req.valid('json'));
      if (!parsed.success) throw badRequest(parsed.error, 'body');
      const input = parsed.data;
      const scenario = getScenario(db, id).draft;
      const index = scenario.templates.findIndex((t) => t.id === templateId);
      if (index < 0) throw new NotFound(`template ${templateId} of scenario ${id}`);
      let contact = input.contact ?? NOBODY;
      if (input.contactId) {
        const row = findContact(db, input.contactId);
        if (!row) throw new NotFound(`contact ${input.contactId}`);
        contact = { id: row.id, attributes: row.attributes, consents: row.consents, lists: row.lists };
      }
      const result = previewTemplate(scenario.templates[index], contact, input.event, { scenario: { id: scenario.id, name: scenario.name } });
      if (!result.ok) {
        const path = ['templates', index, result.error.field];
        const where = result.error.line !== undefined ? ` (line ${result.error.line}, column ${result.error.column})` : '';
        throw new InvalidScenario(`${formatPath(path)}: ${result.error.message}${where}`, [{ path, message: result.error.message }], result.error.code);
      }
      return c.json({ content: result.content }, 200);
    },
  );
}
