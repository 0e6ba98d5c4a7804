import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The headers of every answer (API, web app, contact pages), through Hono's secureHeaders: scripts only from the
 * server's own files (the built app has no inline script), no framing by any site (clickjacking), no MIME sniffing,
 * no referrer (links carry tokens). Inline styles stay allowed: React sets style attributes and the contact pages
 * carry their few rules inline; a style cannot run code.
 */
const standardHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'no-referrer',
    // The server may run on plain http (a laptop, a test): HSTS belongs to the TLS proxy in front of it.
    strictTransportSecurity: false,
  });

/**
 * Headers an answer may set for itself and keep: a page's own, stricter policy (the contact pages), and the
 * snippet's cross-origin resource policy (other sites load /sdk.js).
 */
const OWN_HEADERS = ['content-security-policy', 'cross-origin-resource-policy'];

/** The standard headers, except those of OWN_HEADERS that the answer set itself. */
export const securityHeaders = (): MiddlewareHandler => {
  const standard = standardHeaders();
  return async (c, next) => {
    const own: Array<[string, string]> = [];
    await standard(c, async () => {
      await next();
      for (const name of OWN_HEADERS) {
        const value = c.res.headers.get(name);
        if (value !== null) own.push([name, value]);
      }
    });
    for (const [name, value] of own) c.res.headers.set(name, value);
  };
};
