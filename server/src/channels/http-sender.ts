import type { Json } from '@parcours/shared';
import { requestOnce, type HttpResponse } from './http-request.ts';
import { RefusedDestination, resolveDestination, systemResolver, type AllowList, type Resolver } from './ssrf-guard.ts';
import type { DeliveryResult, WebhookSpec } from './types.ts';

export interface HttpSenderOptions {
  allow: AllowList;
  timeoutMs: number;
  resolve?: Resolver;
}

/** A JSON call to a webhook or a provider. */
export interface JsonRequest {
  url: string;
  method: WebhookSpec['method'];
  headers?: Record<string, string>;
  body?: Json;
  idempotencyKey: string;
}

export type HttpSend = (request: JsonRequest) => Promise<DeliveryResult>;

/** Headers the transport owns: a scenario must not be able to smuggle a second request or lie about the body. */
const RESERVED_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'content-type', 'idempotency-key']);
const SNIPPET_CHARS = 300;

function failed(detail: string): DeliveryResult {
  return { status: 'failed', detail };
}

function headersFor(request: JsonRequest, body: string | undefined): Record<string, string> {
  const headers: Record<string, string> = { 'user-agent': 'Parcours', 'idempotency-key': request.idempotencyKey };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!RESERVED_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** A top-level "id" (or Twilio's "sid") in a JSON answer is the provider's id for the message. */
function providerIdOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const id = (parsed as Record<string, unknown>).id ?? (parsed as Record<string, unknown>).sid;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    return undefined;
  }
}

/** Answers that say "not now" rather than "never": a timeout and a rate limit on the receiving side. */
const TRANSIENT_4XX = new Set([408, 429]);

/** 2xx is sent; 5xx, 408 and 429 are worth another try; anything else (4xx, a redirect) will not get better by retrying. */
function judgeResponse({ statusCode, body }: HttpResponse): DeliveryResult {
  const detail = `HTTP ${statusCode}${body ? `: ${body.slice(0, SNIPPET_CHARS)}` : ''}`;
  if (statusCode >= 200 && statusCode < 300) {
    const providerId = providerIdOf(body);
    return providerId === undefined ? { status: 'sent', detail, statusCode } : { status: 'sent', detail, statusCode, providerId };
  }
  if (statusCode >= 500 || TRANSIENT_4XX.has(statusCode)) return { status: 'retry', detail, statusCode };
  if (statusCode >= 300 && statusCode < 400) return { status: 'failed', detail: `HTTP ${statusCode}: redirects are not followed`, statusCode };
  return { status: 'failed', detail, statusCode };
}

/** Network trouble is transient; a bad header or a certificate the server will keep presenting is not. */
function judgeError(error: unknown, timeoutMs: number): DeliveryResult {
  const { name, message, code } = error as { name?: string; message?: string; code?: string };
  if (name === 'AbortError' || name === 'TimeoutError') return { status: 'retry', detail: `timed out after ${timeoutMs} ms` };
  const detail = `network error: ${code ?? message ?? String(error)}`;
  const permanent = code !== undefined && (code.startsWith('ERR_INVALID') || code.startsWith('ERR_HTTP') || /CERT|TLS|SSL/.test(code));
  return { status: permanent ? 'failed' : 'retry', detail };
}

/**
 * Sends JSON over HTTP(S): http/https only, the destination checked by the SSRF guard before any connection,
 * a timeout, one try: 5xx, 408, 429, timeouts and network errors come back as `retry` for the dispatcher to schedule.
 */
export function createHttpSender(options: HttpSenderOptions): HttpSend {
  const resolve = options.resolve ?? systemResolver;
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return failed(`invalid URL: ${request.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return failed(`refused: ${url.protocol} URLs are not allowed, only http and https`);
    let addresses: Awaited<ReturnType<Resolver>>;
    try {
      addresses = await resolveDestination(url.hostname, options.allow, resolve);
    } catch (error) {
      if (error instanceof RefusedDestination) return failed(error.message);
      return failed(`DNS lookup failed for ${url.hostname}: ${(error as { code?: string }).code ?? String(error)}`);
    }
    const body = request.body === undefined || request.method === 'GET' ? undefined : JSON.stringify(request.body);
    const httpRequest = { url, method: request.method, headers: headersFor(request, body), body };
    try {
      return judgeResponse(await requestOnce(httpRequest, addresses, options.timeoutMs));
    } catch (error) {
      return judgeError(error, options.timeoutMs);
    }
  };
}
