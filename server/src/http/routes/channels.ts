import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { ChannelSettingsSchema, DeliveredChannel } from '@parcours/shared';
import { CHANNEL_VARIABLES, type Channels, type ChannelVariable } from '../../channels/index.ts';
import type { AppEnv } from '../context.ts';
import { json } from './common.ts';

type Scope = DeliveredChannel | 'all';

/** What each variable is for; typed by the configuration's own list, so a new variable cannot go unexplained. */
const VARIABLES: Record<ChannelVariable, { scope: Scope; description: string }> = {
  PARCOURS_PUBLIC_URL: { scope: 'all', description: 'Public address of the server, used in unsubscribe links' },
  PARCOURS_UNSUBSCRIBE_SECRET: { scope: 'all', description: 'Signs unsubscribe links (32 characters or more; required with SMTP)' },
  PARCOURS_UNSUBSCRIBE_TTL_DAYS: { scope: 'all', description: 'How many days an unsubscribe link stays valid (default 90)' },
  PARCOURS_SMTP_URL: { scope: 'email', description: 'smtp:// or smtps:// URL of the mail server, credentials included' },
  PARCOURS_SMTP_HOST: { scope: 'email', description: 'Or the mail server by parts: host…' },
  PARCOURS_SMTP_PORT: { scope: 'email', description: '…port (default 587)…' },
  PARCOURS_SMTP_SECURE: { scope: 'email', description: '…TLS from the start (default: only on port 465)…' },
  PARCOURS_SMTP_USER: { scope: 'email', description: '…user…' },
  PARCOURS_SMTP_PASS: { scope: 'email', description: '…and password' },
  PARCOURS_FROM: { scope: 'email', description: 'The sender, e.g. "Parcours <news@example.com>" (required with SMTP)' },
  PARCOURS_SMS_URL: { scope: 'sms', description: "The SMS provider's HTTP endpoint; set it to leave the sandbox" },
  PARCOURS_SMS_METHOD: { scope: 'sms', description: 'HTTP method (default POST)' },
  PARCOURS_SMS_HEADERS: { scope: 'sms', description: 'JSON object of headers, e.g. the authorization' },
  PARCOURS_SMS_BODY: { scope: 'sms', description: 'JSON body template with {{ to }} and {{ text }}' },
  PARCOURS_PUSH_URL: { scope: 'push', description: "The push provider's HTTP endpoint; set it to leave the sandbox" },
  PARCOURS_PUSH_METHOD: { scope: 'push', description: 'HTTP method (default POST)' },
  PARCOURS_PUSH_HEADERS: { scope: 'push', description: 'JSON object of headers, e.g. the authorization' },
  PARCOURS_PUSH_BODY: { scope: 'push', description: 'JSON body template with {{ token }}, {{ title }} and {{ body }}' },
  PARCOURS_WEBHOOKS: { scope: 'webhook', description: '"live" to call webhook nodes\' URLs for real (default sandbox)' },
  PARCOURS_TASKS_URL: { scope: 'task', description: "The task system's HTTP endpoint that receives each task as a JSON POST; set it to leave the sandbox" },
  PARCOURS_TASKS_HEADERS: { scope: 'task', description: 'JSON object of headers for the task system, e.g. the authorization' },
  PARCOURS_HTTP_ALLOW: { scope: 'webhook', description: 'Private hosts, IPs or CIDRs that webhooks and providers may call (comma-separated)' },
  PARCOURS_HTTP_TIMEOUT_MS: { scope: 'webhook', description: 'Timeout of each HTTP attempt in milliseconds (default 10000)' },
  PARCOURS_DELIVERY_ATTEMPTS: { scope: 'all', description: 'Tries per message over SMTP and HTTP before it is failed (default 4)' },
  PARCOURS_RETRY_MIN_DELAY_MS: { scope: 'all', description: 'Wait before the second try in milliseconds, doubled at each further try (default 30000)' },
  PARCOURS_RETRY_MAX_DELAY_MS: { scope: 'all', description: 'Longest wait between two tries in milliseconds (default 900000)' },
  PARCOURS_DELIVERY_CONCURRENCY: { scope: 'all', description: 'Sends in flight at once per channel, e.g. email:8,webhook:16 (defaults email:8,sms:4,push:8,webhook:16,task:4)' },
  PARCOURS_DELIVERY_PER_HOST: { scope: 'webhook', description: 'Webhook requests in flight at once per destination host (default 4)' },
  PARCOURS_RATE_LIMIT: { scope: 'all', description: 'Messages per second per channel, as the provider imposes, e.g. sms:10 (default none)' },
  PARCOURS_DELIVERY_CLAIM_MS: { scope: 'all', description: "On PostgreSQL, how long a worker's claim on a message lasts: a message whose worker died is sent again after it (default 300000, longer than PARCOURS_HTTP_TIMEOUT_MS)" },
  PARCOURS_FEEDBACK_PROVIDERS: { scope: 'all', description: 'JSON object of delivery feedback providers by name, each with its signing secret and field mapping (see the README)' },
};


/** How each channel delivers, read-only: transports are configured by environment variables, never through the API. */
export function channelRoutes(app: OpenAPIHono<AppEnv>, channels: Pick<Channels, 'modes' | 'destinations' | 'feedback'>): void {
  const answer = {
    channels: DeliveredChannel.options.map((channel) => ({ channel, mode: channels.modes[channel], destination: channels.destinations[channel] })),
    variables: CHANNEL_VARIABLES.map((name) => ({ name, ...VARIABLES[name] })),
    feedbackProviders: Object.keys(channels.feedback),
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/settings/channels',
      tags: ['settings'],
      summary: 'How each channel delivers (sandbox, SMTP or HTTP) and where to, and which feedback providers report back; never credentials',
      responses: { 200: json(ChannelSettingsSchema, 'the channels') },
    }),
    (c) => c.json(answer, 200),
  );
}
