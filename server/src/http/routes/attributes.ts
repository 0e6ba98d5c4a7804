import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { AttributeCatalogueSchema, DeclaredAttributesSchema } from '@parcours/shared';
import { attributeCatalogue, listDeclaredAttributes, saveDeclaredAttributes } from '../../store/attributes.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';

/** The attribute catalogue templates are checked against, and the attributes declared in the settings. */
export function attributeRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/attributes',
      tags: ['contacts'],
      summary: 'The attribute catalogue: attributes seen on known contacts, with how many have each, and those declared in the settings',
      responses: { 200: json(AttributeCatalogueSchema, 'the catalogue') },
    }),
    (c) => c.json(attributeCatalogue(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/attributes',
      tags: ['settings'],
      summary: 'The attributes declared with a type, which templates may use before any contact has them',
      responses: { 200: json(DeclaredAttributesSchema, 'the declared attributes') },
    }),
    (c) => c.json(listDeclaredAttributes(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/attributes',
      tags: ['settings'],
      summary: 'Replace the declared attributes',
      request: body(DeclaredAttributesSchema),
      responses: { 200: json(DeclaredAttributesSchema, 'the declared attributes'), ...errors(400) },
    }),
    (c) => {
      const declared = c.req.valid('json');
      const change = { attributes: declared.attributes.map((a) => `${a.name}: ${a.type}`) };
      audited(c, { db, clock }, { action: 'settings.attributes', target: { type: 'settings', id: 'attributes' }, change }, () => saveDeclaredAttributes(db, declared));
      return c.json(listDeclaredAttributes(db), 200);
    },
  );
}
