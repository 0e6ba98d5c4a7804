import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { ContactPreferences, formatPath, preferenceProblems, TopicSettings } from '@parcours/shared';
import { NotFound } from '../../domain/errors.ts';
import { findContact } from '../../store/contacts.ts';
import { loadTopics, preferencesOf, savePreferences, saveTopics } from '../../store/preferences.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { ContactIdParam } from '../schemas.ts';
import { body, errors, json } from './common.ts';

/** What a recorded preference change says made it, through the API. */
export const API_SOURCE = 'api';

const TopicsSchema = z.object(TopicSettings.shape).strict().openapi('TopicSettings', {
  example: { topics: [{ id: 'newsletter', name: 'Newsletter', channels: ['email'] }, { id: 'offers', name: 'Offers', channels: ['email', 'sms'] }] },
});

const PreferencesSchema = z.object(ContactPreferences.shape).strict().openapi('ContactPreferences', {
  example: { topics: { offers: { sms: false } }, frequency: 'weekly' },
});

/** Topics in the settings, and each contact's preferences over them. */
export function preferenceRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/topics',
      tags: ['settings'],
      summary: 'The topics contacts may opt in to or out of, each on its channels',
      responses: { 200: json(TopicsSchema, 'the topics') },
    }),
    (c) => c.json(loadTopics(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/topics',
      tags: ['settings'],
      summary: 'Replace the topics',
      request: body(TopicsSchema),
      responses: { 200: json(TopicsSchema, 'the saved topics'), ...errors(400) },
    }),
    (c) => {
      // The superRefine checks (a topic twice) run here: the OpenAPI copy of the shape carries none.
      const parsed = TopicSettings.safeParse(c.req.valid('json'));
      if (!parsed.success) throw badRequest(parsed.error, 'body');
      const change = { topics: parsed.data.topics.map((t) => t.id) };
      audited(c, { db, clock }, { action: 'settings.topics', target: { type: 'settings', id: 'topics' }, change }, () => saveTopics(db, parsed.data));
      return c.json(loadTopics(db), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contacts/{id}/preferences',
      tags: ['contacts'],
      summary: "The contact's topics opted out of and frequency choice",
      request: { params: ContactIdParam },
      responses: { 200: json(PreferencesSchema, 'the preferences'), ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      if (!findContact(db, id)) throw new NotFound(`contact ${id}`);
      return c.json(preferencesOf(db, id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/contacts/{id}/preferences',
      tags: ['contacts'],
      summary: "Replace the contact's preferences; each change goes into its consent history with the source api",
      request: { params: ContactIdParam, ...body(PreferencesSchema) },
      responses: { 200: json(PreferencesSchema, 'the saved preferences'), ...errors(400, 404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const preferences = c.req.valid('json');
      if (!findContact(db, id)) throw new NotFound(`contact ${id}`);
      const problems = preferenceProblems(preferences, loadTopics(db));
      if (problems.length > 0) throw new ApiError(400, 'invalid_request', `invalid body: ${formatPath(problems[0].path)}: ${problems[0].message}`, problems);
      savePreferences(db, id, preferences, API_SOURCE, clock.now());
      return c.json(preferencesOf(db, id), 200);
    },
  );
}
