import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';

/** Enough of a response body to report an error or read a provider's message id. */
const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  statusCode: number;
  body: string;
}

/** Answers the socket's DNS lookup with addresses already checked, so the connection goes nowhere else. */
function pinnedLookup(addresses: ReadonlyArray<{ address: string; family: number }>): LookupFunction {
  return (hostname, options, callback) => {
    const usable = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
    const [first] = usable;
    if (!first) {
      callback(Object.assign(new Error(`no IPv${options.family} address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, [...usable]);
    } else {
      callback(null, first.address, first.family);
    }
  };
}

/**
 * One HTTP exchange with a timeout, connecting only to `addresses`. node:http rather than fetch: fetch cannot be
 * told which address to connect to, and re-resolving would reopen the DNS-rebinding hole the guard closed.
 * Redirects are not followed (a redirect could point anywhere).
 */
export function requestOnce(
  request: HttpRequest,
  addresses: ReadonlyArray<{ address: string; family: number }>,
  timeoutMs: number,
): Promise<HttpResponse> {
  const { url } = request;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
        agent: false,
        lookup: pinnedLookup(addresses),
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}
