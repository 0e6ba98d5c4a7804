import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { replyIntent } from '@parcours/shared';
import type { Channels } from '../../channels/index.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../engagement/signature.ts';
import { contactsWithPhone, firstTimeReply, pendingSmsRequestsOf } from '../../store/consent-requests.ts';
import { loadDoubleOptIn } from '../../store/double-opt-in.ts';
import { inTransaction } from '../../db/open.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError, badRequest } from '../errors.ts';
import { errors, json } from './common.ts';
import { signedByProvider } from './feedback.ts';
import { readJson } from '../body.ts';

/** What the consent history records as the source of a consent confirmed or withdrawn by a text message reply. */
export const SMS_REPLY_SOURCE = 'sms_reply';

const ReplySchema = z
  .object({
    id: z.string().min(1).max(200).openapi({ description: "the provider's id of the reply: a reply sent twice is refused" }),
    from: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in E.164 form (+33612345678)'),
    text: z.string().max(1600),
  })
  .strict()
  .openapi('SmsReply');

const AnswerSchema = z.object({ outcome: z.enum(['confirmed', 'withdrawn', 'ignored']) }).openapi('SmsReplyAnswer');

/**
 * Replies to text messages from the SMS provider (`POST /api/inbound/sms/:provider`), signed like delivery feedback
 * with the provider's secret (PARCOURS_FEEDBACK_PROVIDERS): a confirmation keyword confirms the sender's pending
 * consent to text messages, a stop keyword withdraws it, anything else is ignored.
 */
export function smsReplyRoutes(app: OpenAPIHono<AppEnv>, { db, clock, runtime }: AppDeps, channels: Pick<Channels, 'feedback'>): void {
  // Documented only: the handler reads the raw body, which the signature covers, before parsing it.
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/inbound/sms/{provider}',
    tags: ['feedback'],
    summary: "A reply to a text message, from the provider, signed with its HMAC secret: confirms (OUI/YES) or withdraws (STOP) the sender's consent",
    security: [],
    request: {
      params: z.object({ provider: z.string().openapi({ param: { name: 'provider', in: 'path' } }) }),
      headers: z.object({ [TIMESTAMP_HEADER]: z.string(), [SIGNATURE_HEADER]: z.string() }),
      body: { content: { 'application/json': { schema: ReplySchema } }, required: true },
    },
    responses: { 200: json(AnswerSchema, 'read'), ...errors(400, 401, 404, 409) },
  });
  app.post('/inbound/sms/:provider', async (c) => {
    const { name } = await signedByProvider(c, channels.feedback, clock.now());
    const parsed = ReplySchema.safeParse(await readJson(c));
    if (!parsed.success) throw badRequest(parsed.error, 'body');
    const reply = parsed.data;
    const intent = replyIntent(reply.text, loadDoubleOptIn(db).smsKeywords);
    const outcome = inTransaction(db, () => {
      if (!firstTimeReply(db, name, reply.id, clock.now())) throw new ApiError(409, 'replayed', `reply ${reply.id} was already received`);
      if (intent === 'confirm') {
        const confirmed = pendingSmsRequestsOf(db, reply.from).filter((r) => runtime.confirmConsent(r.id, SMS_REPLY_SOURCE) === 'confirmed');
        return confirmed.length > 0 ? 'confirmed' : 'ignored';
      }
      if (intent === 'stop') {
        const ids = contactsWithPhone(db, reply.from);
        if (ids.length > 0) runtime.upsertContacts(ids.map((id) => ({ id, patch: { consents: { sms: false } } })), SMS_REPLY_SOURCE);
        return ids.length > 0 ? 'withdrawn' : 'ignored';
      }
      return 'ignored';
    });
    return c.json({ outcome }, 200);
  });
}
