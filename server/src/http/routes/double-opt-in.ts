import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { DoubleOptInSettings } from '@parcours/shared';
import { loadDoubleOptIn, saveDoubleOptIn } from '../../store/double-opt-in.ts';
import { audited } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';

const SettingsSchema = z.object(DoubleOptInSettings.shape).strict().openapi('DoubleOptInSettings', {
  example: { email: true, sms: false, smsKeywords: { confirm: ['OUI', 'YES'], stop: ['STOP', 'ARRET'] }, linkTtlDays: 7 },
});

/** Double opt-in per channel: whether a new consent waits for the contact's confirmation. */
export function doubleOptInRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/double-opt-in',
      tags: ['settings'],
      summary: 'Per channel, whether a new consent waits for the contact to confirm it (double opt-in)',
      responses: { 200: json(SettingsSchema, 'the double opt-in settings') },
    }),
    (c) => c.json(loadDoubleOptIn(db), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/settings/double-opt-in',
      tags: ['settings'],
      summary: 'Replace the double opt-in settings (consents already given stay given)',
      request: body(SettingsSchema),
      responses: { 200: json(SettingsSchema, 'the saved settings'), ...errors(400) },
    }),
    (c) => {
      const settings = c.req.valid('json');
      const change = { email: settings.email, sms: settings.sms };
      audited(c, { db, clock }, { action: 'settings.double_opt_in', target: { type: 'settings', id: 'double-opt-in' }, change }, () => saveDoubleOptIn(db, settings));
      return c.json(loadDoubleOptIn(db), 200);
    },
  );
}
