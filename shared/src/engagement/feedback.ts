import { z } from 'zod';

/** What a provider can tell about a message after it left. */
export const FEEDBACK_KINDS = ['delivered', 'bounced', 'complained'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** The provider's words for each kind, by default: email events and SMS delivery receipts alike. */
export const DEFAULT_FEEDBACK_TYPES: Record<string, FeedbackKind> = {
  delivered: 'delivered',
  bounce: 'bounced',
  bounced: 'bounced',
  failed: 'bounced',
  undelivered: 'bounced',
  complaint: 'complained',
  complained: 'complained',
  spam: 'complained',
};

/**
 * How a generic JSON provider's events map onto ours: where each field is (dot paths into one event object),
 * which of its type values mean what, and which bounce types are hard (any other is soft).
 */
export const FeedbackMapping = z
  .object({
    fields: z
      .object({
        deliveryId: z.string().min(1).default('id'),
        messageId: z.string().min(1).default('message_id'),
        type: z.string().min(1).default('type'),
        bounceType: z.string().min(1).default('bounce_type'),
      })
      .strict()
      .default({ deliveryId: 'id', messageId: 'message_id', type: 'type', bounceType: 'bounce_type' }),
    types: z.record(z.string(), z.enum(FEEDBACK_KINDS)).default(DEFAULT_FEEDBACK_TYPES),
    hardBounces: z.array(z.string()).default(['hard', 'permanent']),
  })
  .strict();
export type FeedbackMapping = z.infer<typeof FeedbackMapping>;

export interface FeedbackEvent {
  /** The provider's id for this notification: a second one with the same id is a replay. */
  deliveryId: string;
  /** Names our message: its idempotency key, or the provider's id for it (SMTP Message-ID, SMS id). */
  messageId: string;
  kind: FeedbackKind;
  bounce?: 'hard' | 'soft';
}

export type FeedbackReading = { ok: true; events: FeedbackEvent[] } | { ok: false; path: string; message: string };

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);
}

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined);

/** Reads one event object or an array of them; the first bad field is named by its path in the body. */
export function readFeedback(body: unknown, mapping: FeedbackMapping): FeedbackReading {
  const items = Array.isArray(body) ? body : [body];
  const events: FeedbackEvent[] = [];
  for (const [index, item] of items.entries()) {
    const where = (field: string) => (Array.isArray(body) ? `${index}.${field}` : field);
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return { ok: false, path: Array.isArray(body) ? String(index) : '', message: 'an event is a JSON object' };
    const { fields } = mapping;
    const deliveryId = text(at(item, fields.deliveryId));
    if (!deliveryId) return { ok: false, path: where(fields.deliveryId), message: 'the delivery id is missing' };
    const messageId = text(at(item, fields.messageId));
    if (!messageId) return { ok: false, path: where(fields.messageId), message: 'the message id is missing' };
    const type = text(at(item, fields.type));
    const kind = type === undefined ? undefined : mapping.types[type.toLowerCase()];
    if (!kind) return { ok: false, path: where(fields.type), message: `must be one of ${Object.keys(mapping.types).join(', ')}` };
    const event: FeedbackEvent = { deliveryId, messageId, kind };
    if (kind === 'bounced') {
      const bounceType = text(at(item, fields.bounceType))?.toLowerCase();
      event.bounce = bounceType !== undefined && mapping.hardBounces.includes(bounceType) ? 'hard' : 'soft';
    }
    events.push(event);
  }
  return { ok: true, events };
}
