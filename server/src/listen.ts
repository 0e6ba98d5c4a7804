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

/**
 * The URL a client reaches a server at, from the host it was told to listen on and the port it got (port 0 resolved):
 * a wildcard host (all interfaces) is reached as localhost; an IPv6 host is written in brackets.
 */
export function listeningUrl(host: string, port: number): string {
  const reachable = host === '' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}
