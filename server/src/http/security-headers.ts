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

/** The standard headers, except that a page which set its own, stricter policy (the contact pages) keeps it. */
export const securityHeaders = (): MiddlewareHandler => {
  const standard = standardHeaders();
  return async (c, next) => {
    let own: string | null = null;
    await standard(c, async () => {
      await next();
      own = c.res.headers.get('content-security-policy');
    });
    if (own !== null) c.res.headers.set('content-security-policy', own);
  };
};
