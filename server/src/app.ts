import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { HTTPException } from 'hono/http-exception';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { GlobalPolicy } from '@parcours/shared';
import type { Channels } from './channels/index.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Db } from './db/open.ts';
import { authenticate, SESSION_COOKIE } from './http/auth.ts';
import { bodyRules, uploadBodyRules, validationHook } from './http/body.ts';
import type { AppEnv } from './http/context.ts';
import { ApiError, errorBody, toApiError } from './http/errors.ts';
import { registerScenarioSchema } from './http/openapi.ts';
import { analyticsRoutes } from './http/routes/analytics.ts';
import { auditRoutes } from './http/routes/audit.ts';
import { attributeRoutes } from './http/routes/attributes.ts';
import { channelRoutes } from './http/routes/channels.ts';
import { publishSummaryRoutes } from './http/routes/publish-summary.ts';
import { inFlightRoutes } from './http/routes/in-flight.ts';
import { versionDiffRoutes } from './http/routes/version-diff.ts';
import { reviewHint, reviewRoutes } from './http/routes/reviews.ts';
import { clockRoutes } from './http/routes/clock.ts';
import { contactRoutes } from './http/routes/contacts.ts';
import { dataRightsRoutes } from './http/routes/data-rights.ts';
import { feedbackRoutes } from './http/routes/feedback.ts';
import { smsReplyRoutes } from './http/routes/sms-replies.ts';
import { eventNameRoutes } from './http/routes/event-names.ts';
import { eventRoutes } from './http/routes/events.ts';
import { keyRoutes } from './http/routes/keys.ts';
import { accountRoutes } from './http/routes/auth.ts';
import { userRoutes } from './http/routes/users.ts';
import { invitationRoutes } from './http/routes/invitations.ts';
import { auditRetentionRoutes } from './http/routes/audit-retention.ts';
import { logMailer, type AccountMailer } from './people/mail.ts';
import { securityHeaders } from './http/security-headers.ts';
import { messageRoutes } from './http/routes/messages.ts';
import { pressureRoutes } from './http/routes/pressure.ts';
import { preferenceRoutes } from './http/routes/preferences.ts';
import { doubleOptInRoutes } from './http/routes/double-opt-in.ts';
import { scenarioRoutes } from './http/routes/scenarios.ts';
import { siteKeyRoutes } from './http/routes/site-keys.ts';
import { siteRoutes } from './http/routes/site.ts';
import { snippetRoutes } from './http/routes/snippet.ts';
import { segmentRoutes } from './http/routes/segments.ts';
import { campaignRoutes } from './http/routes/campaigns.ts';
import { templateRoutes } from './http/routes/templates.ts';
import { suppressionRoutes } from './http/routes/suppressions.ts';
import { trackingRoutes } from './http/routes/tracking.ts';
import { unsubscribeRoutes } from './http/routes/unsubscribe.ts';
import { preferenceCentreRoutes } from './http/routes/preference-centre.ts';
import { confirmConsentRoutes } from './http/routes/confirm-consent.ts';
import { volumeRoutes } from './http/routes/volume.ts';
import { importRoutes } from './http/routes/imports.ts';
import { ImportJobs } from './imports/jobs.ts';
import { Runtime } from './runtime/runtime.ts';

export interface AppOptions {
  db: Db;
  clock?: Clock;
  /** Pressure rules over all scenarios. */
  policy?: GlobalPolicy;
  /** Pass one to share it with a scheduler loop; otherwise the app makes its own. */
  runtime?: Runtime;
  /** A built web app to serve at "/" (with index.html for client routes). */
  webDist?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Largest import file accepted (POST /api/imports), in bytes. */
  maxImportBytes?: number;
  /** Composes and sends messages; their unsubscribe links are answered at /u/:token. */
  channels?: Channels;
  /** Sends password reset links; the server log by default (sandbox). */
  accountMail?: AccountMailer;
  /** PARCOURS_PUBLIC_URL: where reset links point, and whether the session cookie is `Secure` (https). */
  publicUrl?: string;
  /** The built browser snippet, served at /sdk.js (a 404 saying how to build it when the file is missing). */
  sdkFile?: string;
}

export const API_VERSION = '0.1.0';

/** The HTTP API (under /api) and, when given, the web app. */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const clock = options.clock ?? systemClock;
  const runtime = options.runtime ?? new Runtime(options.db, clock, options.policy);
  const deps = { db: options.db, clock, runtime };

  const api = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  // Before the access gate: it words the gate's refusal of a publish when review is on.
  api.use('/scenarios/:id/publish', reviewHint(options.db));
  api.use(authenticate(options.db, clock));
  const rules = bodyRules(options.maxBodyBytes ?? 16 * 1024 * 1024);
  // An import's file streams in and is never held whole: it may be far larger than a JSON body.
  const uploadRules = uploadBodyRules(options.maxImportBytes ?? 4 * 1024 ** 3);
  api.use((c, next) => (c.req.method === 'POST' && c.req.path === '/api/imports' ? uploadRules : rules)(c, next));
  api.get('/health', (c) => c.json({ ok: true, version: API_VERSION }));
  scenarioRoutes(api, deps);
  analyticsRoutes(api, deps);
  publishSummaryRoutes(api, deps);
  inFlightRoutes(api, deps);
  versionDiffRoutes(api, deps);
  reviewRoutes(api, deps);
  attributeRoutes(api, deps);
  contactRoutes(api, deps);
  eventRoutes(api, deps);
  eventNameRoutes(api, deps);
  messageRoutes(api, deps);
  keyRoutes(api, deps);
  const accountOptions = { mailer: options.accountMail ?? logMailer(), publicUrl: options.publicUrl };
  accountRoutes(api, deps, accountOptions);
  userRoutes(api, deps);
  invitationRoutes(api, deps, accountOptions);
  auditRetentionRoutes(api, deps);
  dataRightsRoutes(api, deps);
  pressureRoutes(api, deps);
  preferenceRoutes(api, deps);
  doubleOptInRoutes(api, deps);
  templateRoutes(api, deps);
  volumeRoutes(api, deps);
  importRoutes(api, deps, new ImportJobs(options.db, runtime, clock));
  suppressionRoutes(api, deps);
  clockRoutes(api, deps);
  siteKeyRoutes(api, deps);
  siteRoutes(api, deps);
  segmentRoutes(api, deps);
  campaignRoutes(api, deps);
  auditRoutes(api, deps);
  if (options.channels) {
    channelRoutes(api, options.channels);
    feedbackRoutes(api, deps, options.channels);
    smsReplyRoutes(api, deps, options.channels);
  }
  registerScenarioSchema(api);
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'an API key' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'the web app\'s session cookie (POST /auth/login); changes also need the X-CSRF-Token header',
  });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Parcours API', version: API_VERSION, description: 'Scenarios, contacts, events and messages of a Parcours server.' },
    servers: [{ url: '/api' }],
    security: [{ bearer: [] }, { session: [] }],
  });

  const app = new OpenAPIHono<AppEnv>();
  app.use(securityHeaders());
  app.route('/api', api);
  snippetRoutes(app, options.sdkFile);
  // Outside /api and its bearer auth: the signed token in the link is the credential.
  if (options.channels) {
    unsubscribeRoutes(app, { ...deps, channels: options.channels });
    preferenceCentreRoutes(app, { ...deps, channels: options.channels });
    confirmConsentRoutes(app, { ...deps, channels: options.channels });
    trackingRoutes(app, { ...deps, channels: options.channels });
  }
  app.notFound((c) => (c.req.path.startsWith('/api') ? c.json(errorBody(new ApiError(404, 'not_found', `no route ${c.req.method} ${c.req.path}`)), 404) : c.text('Not found', 404)));
  app.onError((error, c) => {
    const known = toApiError(error);
    if (known) return c.json(errorBody(known), known.status);
    if (error instanceof HTTPException) {
      const status = error.status as 400 | 413 | 415;
      const code = status === 415 ? 'unsupported_media_type' : /json/i.test(error.message) ? 'malformed_json' : 'bad_request';
      const message = status === 415 ? 'send JSON with "Content-Type: application/json"' : error.message;
      return c.json(errorBody(new ApiError(status, code, message)), status);
    }
    console.error(error);
    return c.json({ error: { code: 'internal', message: 'internal error' } }, 500);
  });
  if (options.webDist && existsSync(options.webDist)) serveWeb(app, options.webDist);
  return app;
}

/** Static files of the built web app; any other non-API GET gets index.html so client routes load. */
function serveWeb(app: OpenAPIHono<AppEnv>, dist: string): void {
  const root = relative(process.cwd(), dist) || '.';
  const files = serveStatic({ root });
  const index = serveStatic({ path: join(root, 'index.html') });
  const notApi = (handler: typeof files) => ((c, next) => (c.req.path.startsWith('/api/') ? next() : handler(c, next))) as typeof files;
  app.use('*', notApi(files));
  app.get('*', notApi(index));
}
