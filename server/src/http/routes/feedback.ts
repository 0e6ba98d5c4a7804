import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { FeedbackAnswerSchema, readFeedback } from '@parcours/shared';
import type { Context } from 'hono';
import type { Channels, FeedbackProvider } from '../../channels/index.ts';
import { applyFeedback } from '../../engagement/feedback.ts';
import { checkFeedbackSignature, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../engagement/signature.ts';
import { readJson } from '../body.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError } from '../errors.ts';
import { errors, json } from './common.ts';

const REFUSED = {
  missing: `send the ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers`,
  bad_signature: `the ${SIGNATURE_HEADER} header does not sign this timestamp and body with the provider's secret`,
  stale: `the ${TIMESTAMP_HEADER} is too far from now: a request is accepted within the provider's tolerance only`,
} as const;

/**
 * The provider a request to `/:provider` comes from (PARCOURS_FEEDBACK_PROVIDERS), once its signature covers its
 * timestamp and raw body: 404 for a provider not configured, 401 for a missing, wrong or stale signature.
 */
export async function signedByProvider(c: Context, providers: Record<string, FeedbackProvider>, now: number) {
  const name = c.req.param('provider') ?? '';
  const provider = Object.hasOwn(providers, name) ? providers[name] : undefined;
  if (!provider) throw new ApiError(404, 'not_found', `no provider "${name}" is configured (PARCOURS_FEEDBACK_PROVIDERS)`);
  const raw = await c.req.text();
  const check = checkFeedbackSignature({ timestamp: c.req.header(TIMESTAMP_HEADER), signature: c.req.header(SIGNATURE_HEADER), body: raw }, provider.secret, provider.toleranceSeconds, now);
  if (!check.ok) throw new ApiError(401, check.reason === 'stale' ? 'stale_request' : 'bad_signature', REFUSED[check.reason]);
  return { name, provider };
}

const segments = (path: string) => (path === '' ? [] : path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)));

/**
 * Delivery feedback from providers (bounces, complaints, delivery receipts): `POST /api/feedback/:provider`, signed
 * with the provider's HMAC secret rather than an API key (see auth.ts), the body mapped by its configured fields.
 */
export function feedbackRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps, channels: Pick<Channels, 'feedback'>): void {
  // Documented only: the handler reads the raw body, which the signature covers, before parsing it.
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/feedback/{provider}',
    tags: ['feedback'],
    summary: 'Delivery feedback from a provider: one event or an array, signed with its HMAC secret (see the README)',
    security: [],
    request: {
      params: z.object({ provider: z.string().openapi({ param: { name: 'provider', in: 'path' } }) }),
      headers: z.object({ [TIMESTAMP_HEADER]: z.string(), [SIGNATURE_HEADER]: z.string() }),
      body: { content: { 'application/json': { schema: z.any().openapi({ description: 'the provider event(s), read through its field mapping' }) } }, required: true },
    },
    responses: { 200: json(FeedbackAnswerSchema, 'recorded'), ...errors(400, 401, 404, 409) },
  });
  app.post('/feedback/:provider', async (c) => {
    const { name, provider } = await signedByProvider(c, channels.feedback, clock.now());
    const body = await readJson(c);
    const reading = readFeedback(body, provider);
    if (!reading.ok) {
      const where = reading.path === '' ? '' : `${reading.path}: `;
      throw new ApiError(400, 'invalid_request', `invalid body: ${where}${reading.message}`, [{ path: segments(reading.path), message: reading.message }]);
    }
    return c.json(applyFeedback(db, name, reading.events, clock.now()), 200);
  });
}
