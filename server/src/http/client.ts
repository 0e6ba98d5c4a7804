import type { Context } from 'hono';
import type { IncomingMessage } from 'node:http';

/** The address the request came from; behind a proxy, the proxy's (forwarded headers can be forged, so none is read). */
export const ipOf = (c: Context) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? 'local';

/** The request's User-Agent, cut to a length worth keeping. */
export const userAgentOf = (c: Context) => c.req.header('user-agent')?.slice(0, 300) ?? null;
