import type { Context, Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Channels } from '../../channels/index.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db/open.ts';
import { recordTracking } from '../../engagement/record.ts';
import type { Runtime } from '../../runtime/runtime.ts';

export interface TrackingDeps {
  db: Db;
  clock: Clock;
  runtime: Runtime;
  channels: Pick<Channels, 'readOpen' | 'readClick'>;
}

/** A transparent 1×1 GIF: the one answer of the pixel route, whatever the token. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NO_STORE = { 'cache-control': 'no-store, private', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex' };

/** The client's address: the first X-Forwarded-For hop behind a proxy, else the socket's peer. */
export function clientIp(c: Context): string | undefined {
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (app.request in tests)
  }
}

/**
 * The open pixel and tracked links of emails (outside /api, no API key: the signed token is the credential).
 * The pixel answers the same GIF to any token, so it tells nothing; a link redirects only to the URL its valid
 * token names (never an open redirect), and answers 404 otherwise.
 */
export function trackingRoutes(app: Hono<any>, { db, clock, runtime, channels }: TrackingDeps): void {
  const hitOf = (c: Context) => ({ ip: clientIp(c), userAgent: c.req.header('user-agent'), method: c.req.method });

  app.get('/t/o/:token', (c) => {
    const reading = channels.readOpen(c.req.param('token'));
    if (reading.ok) recordTracking(db, runtime, clock.now(), { kind: 'opened', messageId: reading.data.messageId, hit: hitOf(c) });
    return c.body(PIXEL, 200, { 'content-type': 'image/gif', ...NO_STORE });
  });

  // GET also answers HEAD (hono): a scanner's HEAD is flagged as a machine click.
  app.get('/t/c/:token', (c) => {
    const reading = channels.readClick(c.req.param('token'));
    if (!reading.ok) return c.text('This link is not valid.', 404, NO_STORE);
    const { messageId, url } = reading.data;
    recordTracking(db, runtime, clock.now(), { kind: 'clicked', messageId, url, hit: hitOf(c) });
    return c.redirect(url, 302);
  });
}
