import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * The headers of the answers that may be shown as a page (web app, contact pages): scripts only from the server's own
 * files (the built app has no inline script), no framing by any site (clickjacking), no MIME sniffing, no referrer
 * (links carry tokens). Inline styles stay allowed: React sets style attributes and the contact pages carry their few
 * rules inline; a style cannot run code. An answer keeps the headers it set itself: a page's own, stricter policy (the
 * contact pages), the snippet's cross-origin resource policy (other sites load /sdk.js).
 */
const documentHeaders = secureHeaders({
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
  overwrite: false,
});

/**
 * The headers of API answers (JSON, CSV, never a page), as OWASP's REST advice has them: nothing may load or frame
 * them, no MIME sniffing, no referrer. The headers that only a page reads (opener and agent-cluster isolation, DNS
 * prefetch, legacy IE and Flash switches) are left out: the health answer went from 746 to 382 bytes.
 */
const apiHeaders = secureHeaders({
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  xFrameOptions: 'DENY',
  xContentTypeOptions: 'nosniff',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  overwrite: false,
});

/** The security headers of every answer: the API's under /api, a page's elsewhere. */
export const securityHeaders = (): MiddlewareHandler => (c, next) => (c.req.path.startsWith('/api/') ? apiHeaders(c, next) : documentHeaders(c, next));
