import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';

/** Serves a fetch handler on host:port (0 for any free port); resolves once listening, with the port taken. */
export function listen(fetch: (request: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<{ server: ServerType; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch, port, hostname }, (info: AddressInfo) => resolvePromise({ server, port: info.port }));
    // A big batch keeps the (synchronous) runtime busy for a while; an idle keep-alive socket must
    // not be closed under a client that is about to reuse it.
    if ('keepAliveTimeout' in server) server.keepAliveTimeout = 65_000;
    server.once('error', reject);
  });
}
