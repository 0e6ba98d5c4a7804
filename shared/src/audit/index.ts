import { z } from 'zod';
import type { Json } from '../schema/primitives.ts';

/**
 * The audit log (issue 16): who changed what, when and from where. The server appends one entry per change
 * (never editing or deleting one); admins list and export them. Shared by the server, its tests and the web app.
 */

/** Every action the log records, grouped by what it acts on (the prefix is the target's type). */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'scenario.create',
  'scenario.draft_save',
  'scenario.rename',
  'scenario.tags',
  'scenario.archive',
  'version.publish',
  'review.request',
  'review.approve',
  'review.send_back',
  'settings.pressure',
  'settings.attributes',
  'settings.topics',
  'settings.double_opt_in',
  'settings.review',
  'suppression.add',
  'suppression.remove',
  'api_key.create',
  'api_key.revoke',
  'site_key.create',
  'site_key.revoke',
  'user.create',
  'user.role_change',
  'user.disable',
  'user.enable',
  'user.password_reset',
  'user.invite',
  'user.invite_resend',
  'user.invite_revoke',
  'contact.consent',
  'contact.erase',
  'campaign.create',
  'campaign.update',
  'campaign.pause',
  'campaign.resume',
  'campaign.cancel',
  'settings.audit_retention',
  'audit.prune',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

/**
 * A user (their id and email), an API key (its id and name), no one known (a failed sign-in), or Parcours itself (the
 * retention job pruning the log).
 */
export const AUDIT_ACTOR_KINDS = ['user', 'key', 'anonymous', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

const AnyJson = z.any().meta({ description: 'any JSON value' }) as z.ZodType<Json>;

export const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime({ offset: true }),
    actor: z.object({
      kind: z.enum(AUDIT_ACTOR_KINDS),
      id: z.string().nullable(),
      /** The user's email or the key's name; for a failed sign-in, the email typed. */
      label: z.string().nullable(),
    }),
    action: AuditActionSchema,
    target: z.object({ type: z.string(), id: z.string().nullable() }),
    /** A small summary of the change (never a secret: no password, no key). */
    change: z.record(z.string(), AnyJson),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema).meta({ description: 'newest first' }),
  /** Pass as `before` for the next (older) page; absent on the last page. */
  next: z.number().int().optional(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

const Instant = z.iso.datetime({ offset: true });

/** The filters of the list and the export; every one optional. */
export const AuditFilterSchema = z.object({
  actor: z.string().min(1).max(200).optional().meta({ description: "A user's id or email, or a key's id or name" }),
  action: AuditActionSchema.optional(),
  targetType: z.string().min(1).max(40).optional(),
  targetId: z.string().min(1).max(200).optional(),
  from: Instant.optional().meta({ description: 'Entries at or after this instant' }),
  to: Instant.optional().meta({ description: 'Entries before this instant' }),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

/**
 * Audit-log retention: null keeps every entry for good (the default); otherwise entries older than `days` are pruned.
 * At least 180 days: the CNIL's recommendation on logging (délibération n° 2021-122 of 14 October 2021) keeps such logs
 * six months at least, a year in the common case. At most ten years (longer needs a legal obligation anyway).
 */
export const AUDIT_RETENTION_MIN_DAYS = 180;
export const AUDIT_RETENTION_MAX_DAYS = 3650;
export const AuditRetentionSchema = z
  .object({
    days: z.number().int().min(AUDIT_RETENTION_MIN_DAYS).max(AUDIT_RETENTION_MAX_DAYS).nullable().meta({ description: 'entries older than this many days are pruned; null keeps them for good' }),
  })
  .meta({ id: 'AuditRetention' });
export type AuditRetention = z.infer<typeof AuditRetentionSchema>;
