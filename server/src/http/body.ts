import type { Context, MiddlewareHandler } from 'hono';
import type { Hook } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from './context.ts';
import { ApiError, badRequest } from './errors.ts';

/** Reads a JSON body that no zod schema describes to the router (scenarios are checked by the shared validator). */
export async function readJson(c: Context): Promise<unknown> {
  const type = c.req.header('content-type');
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `send JSON with "Content-Type: application/json", not ${type}`);
  }
  return parseJsonText(await c.req.text());
}

/** A request body's text as JSON, or a 400 that says what is wrong with it. */
export function parseJsonText(text: string): unknown {
  if (text.trim() === '') throw new ApiError(400, 'malformed_json', 'the request body is empty: send a JSON document');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ApiError(400, 'malformed_json', `the request body is not valid JSON: ${(error as Error).message}`);
  }
}

const WHERE: Record<string, string> = { json: 'body', query: 'query string', param: 'path parameter', header: 'header' };

/** Every route's zod failure becomes a 400 naming the bad fields (never the handler running on bad input). */
// `any`: one hook serves the input types of every route.
export const validationHook: Hook<any, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw badRequest(result.error, WHERE[result.target] ?? result.target);
};

/**
 * The body rules of every API request, without touching a request that needs none: reading
 * `raw.body` (as hono's bodyLimit does first) turns @hono/node-server's lightweight request into a
 * full fetch Request with an abort signal, which cost GET /api/health most of its time.
 * - A declared length over `maxBytes` is refused at once (413); a chunked body is counted as it streams.
 *   A request with neither header has no body (HTTP/1.1, RFC 9112 §6.3): nothing to limit.
 * - A request that declares JSON but carries no body at all (`content-length: 0`, as many clients send
 *   for a bare POST) is taken as having no body, so that routes whose body is optional accept it.
 */
export function bodyRules(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    throw new ApiError(413, 'too_large', `the request body is larger than ${maxBytes} bytes`);
  };
  const streamed = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    if (c.req.header('transfer-encoding')) return streamed(c, next);
    const length = c.req.header('content-length');
    if (length === undefined) return next();
    if (Number(length) > maxBytes) tooLarge();
    if (length === '0' && c.req.header('content-type')) {
      const headers = new Headers(c.req.raw.headers);
      headers.delete('content-type');
      c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers });
    }
    return next();
  };
}

/**
 * The same rules for a streamed upload (POST /api/imports): a chunked body is counted as the route reads it, never
 * held. (hono's bodyLimit holds the whole body before the route sees a byte: the file then reached the CSV parser
 * as one chunk, parsed in one go, and a 100,000-row file stalled every other request for about a second.) Past
 * `maxBytes` the body stream fails, which fails the upload as a body that breaks off does.
 */
export function uploadBodyRules(maxBytes: number): MiddlewareHandler<AppEnv> {
  const declared = bodyRules(maxBytes);
  return async (c, next) => {
    const body = c.req.header('transfer-encoding') ? c.req.raw.body : null;
    if (!body) return declared(c, next);
    let size = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > maxBytes) controller.error(new Error(`the request body is larger than ${maxBytes} bytes`));
          else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    return next();
  };
}
