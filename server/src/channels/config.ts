import { randomBytes } from 'node:crypto';
import { DeliveredChannel, FeedbackMapping, TemplateError, renderJsonTemplate } from '@parcours/shared';
import { z } from 'zod';
import type { SmtpConfig } from './email.ts';
import { senderDomain } from './email.ts';
import { DEFAULT_PUSH_BODY, DEFAULT_SMS_BODY, type ProviderConfig } from './provider.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.ts';
import { parseAllowList } from './ssrf-guard.ts';
import type { TaskSystemConfig } from './task.ts';

/** How each channel delivers. Every channel is a sandbox until it is configured. */
export interface ChannelConfig {
  /**
   * Where the server is reached from a mail client (PARCOURS_PUBLIC_URL); unsubscribe links are `${publicUrl}/u/${token}`.
   * Unset: the address the server listens on, known once it listens (createChannels' `serverUrl`).
   */
  publicUrl?: string;
  unsubscribe: { secret: string; ttlDays: number };
  email: { mode: 'sandbox' } | { mode: 'smtp'; smtp: SmtpConfig; from: string };
  sms: { mode: 'sandbox' } | { mode: 'http'; provider: ProviderConfig };
  push: { mode: 'sandbox' } | { mode: 'http'; provider: ProviderConfig };
  webhook: { mode: 'sandbox' | 'http' };
  /** Tasks (action.task) go to a task system over HTTP once its URL is set. */
  task: { mode: 'sandbox' } | { mode: 'http'; system: TaskSystemConfig };
  /** For webhooks and HTTP providers: private destinations let through (hosts, IPs, CIDRs), timeout per attempt. */
  http: { allow: string[]; timeoutMs: number };
  /** How many sends at once, how fast, and how failures are tried again. */
  delivery: DeliverySettings;
  /** Who may post delivery feedback to /api/feedback/:provider (PARCOURS_FEEDBACK_PROVIDERS), by name. */
  feedback?: Record<string, FeedbackProvider>;
}

/** The dispatcher's lanes: each channel (and each webhook host) sends on its own, within its limits. */
export interface DeliverySettings {
  /** Sends in flight at once per channel (PARCOURS_DELIVERY_CONCURRENCY). */
  concurrency: Record<DeliveredChannel, number>;
  /** Webhook requests in flight at once per destination host (PARCOURS_DELIVERY_PER_HOST). */
  perHost: number;
  /** Messages per second per channel, as its provider imposes (PARCOURS_RATE_LIMIT); a channel left out is not limited. */
  rateLimits: Partial<Record<DeliveredChannel, number>>;
  /** Tries per message and the backoff between them (PARCOURS_DELIVERY_ATTEMPTS, PARCOURS_RETRY_*). */
  retry: RetryPolicy;
  /**
   * On PostgreSQL, how long a worker's claim on the messages it picked lasts (PARCOURS_DELIVERY_CLAIM_MS): longer than
   * any one try, so a message is picked again only when its worker died before writing the outcome.
   */
  claimMs: number;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  concurrency: { email: 8, sms: 4, push: 8, webhook: 16, task: 4 },
  perHost: 4,
  rateLimits: {},
  retry: DEFAULT_RETRY_POLICY,
  claimMs: 5 * 60_000,
};

/** A bad environment, each issue naming its variable. */
export class ChannelConfigError extends Error {
  override readonly name = 'ChannelConfigError';
  constructor(readonly issues: Array<{ variable: string; message: string }>) {
    super(`invalid channel configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`);
  }
}

/** The longest a feedback provider's signed timestamp may be off: receipts older than this are pruned. */
export const FEEDBACK_TOLERANCE_MAX_S = 86_400;

const METHODS = ['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as const;
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
/** A variable holding JSON: parsed, with `what` saying what it should be when it is not JSON. */
const jsonText = (what: string) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: `must be ${what}` });
      return z.NEVER;
    }
  });
const headersJson = jsonText('a JSON object of header names to values').pipe(
  z.record(z.string(), z.string(), { error: 'must be a JSON object of header names to string values' }),
);
const integer = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A delivery feedback provider: its signing secret, how old a signed request may be, and its field mapping. */
const FeedbackProviderSchema = FeedbackMapping.extend({
  secret: z.string().min(16, 'must be at least 16 characters'),
  toleranceSeconds: z.number().int().min(1).max(FEEDBACK_TOLERANCE_MAX_S).default(300),
});
export type FeedbackProvider = z.infer<typeof FeedbackProviderSchema>;
const feedbackJson = jsonText('a JSON object of provider names to {"secret": ...}').pipe(
  z.record(z.string().regex(/^[a-z0-9_-]{1,40}$/, 'provider names are lower-case letters, digits, - and _'), FeedbackProviderSchema),
);

/** "email:8,sms:4": a number per channel, each at least `min`. */
const perChannel = (min: number, integersOnly: boolean) =>
  z.string().transform((text, ctx) => {
    const values: Partial<Record<DeliveredChannel, number>> = {};
    for (const entry of splitList(text)) {
      const [name, amount, ...rest] = entry.split(':').map((part) => part.trim());
      const channel = DeliveredChannel.safeParse(name);
      const value = Number(amount);
      if (rest.length > 0 || !channel.success || amount === undefined || amount === '' || !Number.isFinite(value) || value < min || (integersOnly && !Number.isInteger(value))) {
        const expected = `${integersOnly ? 'an integer' : 'a number'} of at least ${min}`;
        ctx.addIssue({ code: 'custom', message: `"${entry}" is not channel:amount with a channel among ${DeliveredChannel.options.join(', ')} and ${expected}` });
        return z.NEVER;
      }
      values[channel.data] = value;
    }
    return values;
  });

const Env = z.object({
  PARCOURS_PUBLIC_URL: httpUrl.optional(),
  PARCOURS_UNSUBSCRIBE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PARCOURS_UNSUBSCRIBE_TTL_DAYS: integer(1, 3650).default(90),
  PARCOURS_SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  PARCOURS_SMTP_HOST: z.string().optional(),
  PARCOURS_SMTP_PORT: integer(1, 65535).optional(),
  PARCOURS_SMTP_SECURE: z.stringbool().optional(),
  PARCOURS_SMTP_USER: z.string().optional(),
  PARCOURS_SMTP_PASS: z.string().optional(),
  PARCOURS_FROM: z.string().optional(),
  PARCOURS_SMS_URL: httpUrl.optional(),
  PARCOURS_SMS_METHOD: z.enum(METHODS).default('POST'),
  PARCOURS_SMS_HEADERS: headersJson.optional(),
  PARCOURS_SMS_BODY: z.string().default(DEFAULT_SMS_BODY),
  PARCOURS_PUSH_URL: httpUrl.optional(),
  PARCOURS_PUSH_METHOD: z.enum(METHODS).default('POST'),
  PARCOURS_PUSH_HEADERS: headersJson.optional(),
  PARCOURS_PUSH_BODY: z.string().default(DEFAULT_PUSH_BODY),
  PARCOURS_WEBHOOKS: z.enum(['sandbox', 'live']).default('sandbox'),
  PARCOURS_TASKS_URL: httpUrl.optional(),
  PARCOURS_TASKS_HEADERS: headersJson.optional(),
  PARCOURS_HTTP_ALLOW: z.string().default(''),
  PARCOURS_HTTP_TIMEOUT_MS: integer(100, 120_000).default(10_000),
  PARCOURS_DELIVERY_ATTEMPTS: integer(1, 20).default(DEFAULT_RETRY_POLICY.attempts),
  PARCOURS_RETRY_MIN_DELAY_MS: integer(1, 86_400_000).default(DEFAULT_RETRY_POLICY.minDelayMs),
  PARCOURS_RETRY_MAX_DELAY_MS: integer(1, 7 * 86_400_000).default(DEFAULT_RETRY_POLICY.maxDelayMs),
  PARCOURS_DELIVERY_CONCURRENCY: perChannel(1, true).default({}),
  PARCOURS_DELIVERY_PER_HOST: integer(1, 1000).default(DEFAULT_DELIVERY_SETTINGS.perHost),
  PARCOURS_RATE_LIMIT: perChannel(0.001, false).default({}),
  PARCOURS_DELIVERY_CLAIM_MS: integer(1_000, 86_400_000).default(DEFAULT_DELIVERY_SETTINGS.claimMs),
  PARCOURS_FEEDBACK_PROVIDERS: feedbackJson.optional(),
});
type Env = z.infer<typeof Env>;

/** The environment variables that configure delivery; GET /api/settings/channels lists them for operators. */
export const CHANNEL_VARIABLES = Object.keys(Env.shape) as ChannelVariable[];
export type ChannelVariable = keyof typeof Env.shape;

type Issues = Array<{ variable: string; message: string }>;

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Renders the provider's body template on a sample payload: a typo or broken JSON is a start-up error. */
function checkProviderBody(variable: string, body: string, sample: Record<string, string>, issues: Issues): void {
  try {
    renderJsonTemplate(body, sample, variable);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    issues.push({ variable, message: `${error.message} (fields: ${Object.keys(sample).join(', ')})` });
  }
}

function provider(env: Env, channel: 'SMS' | 'PUSH', sample: Record<string, string>, issues: Issues): ProviderConfig | undefined {
  const url = env[`PARCOURS_${channel}_URL`];
  if (!url) return undefined;
  const body = env[`PARCOURS_${channel}_BODY`];
  checkProviderBody(`PARCOURS_${channel}_BODY`, body, sample, issues);
  return { url, method: env[`PARCOURS_${channel}_METHOD`], headers: env[`PARCOURS_${channel}_HEADERS`] ?? {}, body };
}

function emailConfig(env: Env, issues: Issues): ChannelConfig['email'] {
  if (!env.PARCOURS_SMTP_URL && !env.PARCOURS_SMTP_HOST) return { mode: 'sandbox' };
  // Real mail needs a sender and links that still work after a restart and from the recipient's mail client.
  const required = ['PARCOURS_FROM', 'PARCOURS_PUBLIC_URL', 'PARCOURS_UNSUBSCRIBE_SECRET'] as const;
  for (const variable of required) if (!env[variable]) issues.push({ variable, message: 'required when SMTP is configured' });
  const from = env.PARCOURS_FROM ?? '';
  if (from) {
    try {
      senderDomain(from);
    } catch (error) {
      issues.push({ variable: 'PARCOURS_FROM', message: (error as Error).message });
    }
  }
  const smtp: SmtpConfig = env.PARCOURS_SMTP_URL
    ? { url: env.PARCOURS_SMTP_URL }
    : {
        host: env.PARCOURS_SMTP_HOST,
        port: env.PARCOURS_SMTP_PORT ?? 587,
        secure: env.PARCOURS_SMTP_SECURE ?? env.PARCOURS_SMTP_PORT === 465,
        user: env.PARCOURS_SMTP_USER,
        pass: env.PARCOURS_SMTP_PASS,
      };
  return { mode: 'smtp', smtp, from };
}

/**
 * Reads the channel configuration from the environment (see the README for every variable). An empty variable
 * counts as unset. Throws a ChannelConfigError naming each bad variable.
 */
export function loadChannelConfig(environment: Record<string, string | undefined> = process.env): ChannelConfig {
  const present = Object.fromEntries(Object.entries(environment).filter(([name, value]) => name.startsWith('PARCOURS_') && value !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    throw new ChannelConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message })));
  }
  const env = parsed.data;
  const issues: Issues = [];
  try {
    parseAllowList(splitList(env.PARCOURS_HTTP_ALLOW));
  } catch (error) {
    issues.push({ variable: 'PARCOURS_HTTP_ALLOW', message: (error as Error).message });
  }
  const email = emailConfig(env, issues);
  const sms = provider(env, 'SMS', { to: '+33600000000', text: 'sample "text"' }, issues);
  const push = provider(env, 'PUSH', { token: 'sample-token', title: 'sample "title"', body: 'sample body' }, issues);
  if (env.PARCOURS_RETRY_MAX_DELAY_MS < env.PARCOURS_RETRY_MIN_DELAY_MS) {
    issues.push({ variable: 'PARCOURS_RETRY_MAX_DELAY_MS', message: `must be at least PARCOURS_RETRY_MIN_DELAY_MS (${env.PARCOURS_RETRY_MIN_DELAY_MS})` });
  }
  if (env.PARCOURS_DELIVERY_CLAIM_MS <= env.PARCOURS_HTTP_TIMEOUT_MS) {
    issues.push({ variable: 'PARCOURS_DELIVERY_CLAIM_MS', message: `must be longer than one try, PARCOURS_HTTP_TIMEOUT_MS (${env.PARCOURS_HTTP_TIMEOUT_MS})` });
  }
  if (issues.length > 0) throw new ChannelConfigError(issues);
  return {
    publicUrl: env.PARCOURS_PUBLIC_URL,
    // In a sandbox, links only need to work while the process runs; real mail requires a configured secret.
    unsubscribe: { secret: env.PARCOURS_UNSUBSCRIBE_SECRET ?? randomBytes(32).toString('base64url'), ttlDays: env.PARCOURS_UNSUBSCRIBE_TTL_DAYS },
    email,
    sms: sms ? { mode: 'http', provider: sms } : { mode: 'sandbox' },
    push: push ? { mode: 'http', provider: push } : { mode: 'sandbox' },
    webhook: { mode: env.PARCOURS_WEBHOOKS === 'live' ? 'http' : 'sandbox' },
    task: env.PARCOURS_TASKS_URL ? { mode: 'http', system: { url: env.PARCOURS_TASKS_URL, headers: env.PARCOURS_TASKS_HEADERS ?? {} } } : { mode: 'sandbox' },
    http: { allow: splitList(env.PARCOURS_HTTP_ALLOW), timeoutMs: env.PARCOURS_HTTP_TIMEOUT_MS },
    delivery: {
      concurrency: { ...DEFAULT_DELIVERY_SETTINGS.concurrency, ...env.PARCOURS_DELIVERY_CONCURRENCY },
      perHost: env.PARCOURS_DELIVERY_PER_HOST,
      rateLimits: env.PARCOURS_RATE_LIMIT,
      retry: { attempts: env.PARCOURS_DELIVERY_ATTEMPTS, minDelayMs: env.PARCOURS_RETRY_MIN_DELAY_MS, maxDelayMs: env.PARCOURS_RETRY_MAX_DELAY_MS },
      claimMs: env.PARCOURS_DELIVERY_CLAIM_MS,
    },
    feedback: env.PARCOURS_FEEDBACK_PROVIDERS ?? {},
  };
}
