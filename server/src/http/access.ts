import type { Role } from '@parcours/shared';

/**
 * Who may call what: `public` needs no credentials (the route checks its own, if any), `site` takes a site key and
 * nothing else (the browser snippet's routes: no user or API key opens them), a role is the least one a
 * user or a key needs, and `ingest` routes also take ingest keys (which may call nothing else).
 */
export type Access = 'public' | 'site' | Role | { role: Role; ingest: true };

const INGEST = { role: 'editor', ingest: true } as const;

/**
 * THE table of every route under /api, by method and OpenAPI path: the access middleware (auth.ts) refuses a route
 * missing here, and test/role-walk checks every route of the OpenAPI document against it with each role.
 */
export const ROUTE_ACCESS: Record<string, Access> = {
  'GET /health': 'public',
  'GET /openapi.json': 'viewer',
  // Provider feedback is signed with the provider's HMAC secret instead (routes/feedback.ts).
  'POST /feedback/{provider}': 'public',
  'POST /inbound/sms/{provider}': 'public',
  // The browser snippet's routes check a site key instead (http/site/guard.ts).
  'GET /decide': 'site',
  'POST /decide': 'site',
  'POST /collect': 'site',

  // Signing in; the setup and reset routes check their one-time token. Signing out is a change like any other: it
  // needs the session and its CSRF token.
  'POST /auth/setup': 'public',
  'POST /auth/login': 'public',
  'POST /auth/logout': 'viewer',
  'GET /auth/session': 'viewer',
  'POST /auth/reset-request': 'public',
  'POST /auth/reset': 'public',
  'POST /auth/invitation': 'public',

  // Events and contacts, from the site or the shop.
  'POST /track': INGEST,
  'POST /identify': INGEST,
  'POST /batch': INGEST,
  'POST /contacts/batch': INGEST,
  'PUT /contacts/{id}': INGEST,
  'PUT /contacts/{id}/preferences': INGEST,
  // A contact file changes many contacts at once, and journeys react: publishers, or a machine's ingest key.
  'POST /imports': { role: 'publisher', ingest: true },

  // Reading is for everyone signed in.
  'GET /scenarios': 'viewer',
  'GET /scenario-activity': 'viewer',
  'GET /scenarios/{id}': 'viewer',
  'GET /scenarios/{id}/versions': 'viewer',
  'GET /scenarios/{id}/versions/{v}': 'viewer',
  'GET /scenarios/{id}/versions/{v}/stats': 'viewer',
  'GET /scenarios/{id}/nodes/{node}/failures': 'viewer',
  'GET /scenarios/{id}/export': 'viewer',
  'GET /scenarios/{id}/analytics': 'viewer',
  'GET /scenarios/{id}/funnel': 'viewer',
  'GET /scenarios/{id}/publish-summary': 'viewer',
  'GET /scenarios/{id}/diff': 'viewer',
  'GET /scenarios/{id}/reviews': 'viewer',
  'GET /reviews': 'viewer',
  'GET /reviews/{review}': 'viewer',
  'GET /settings/review': 'viewer',
  'GET /scenarios/{id}/volume': 'viewer',
  'GET /templates': 'viewer',
  'GET /attributes': 'viewer',
  'GET /event-names': 'viewer',
  'GET /settings/attributes': 'viewer',
  'GET /settings/channels': 'viewer',
  'GET /settings/pressure': 'viewer',
  'GET /contacts': 'viewer',
  'GET /contacts/{id}': 'viewer',
  'GET /contacts/{id}/timeline': 'viewer',
  'GET /contacts/{id}/consents': 'viewer',
  'GET /contacts/{id}/export': 'viewer',
  'GET /contacts/{id}/preferences': 'viewer',
  'GET /settings/topics': 'viewer',
  'GET /settings/double-opt-in': 'viewer',
  'GET /imports': 'viewer',
  'GET /segments': 'viewer',
  'GET /segments/{id}': 'viewer',
  'GET /segments/{id}/members': 'viewer',
  'GET /segments/{id}/sizes': 'viewer',
  'GET /segments/{id}/export.csv': 'viewer',
  'GET /imports/{id}': 'viewer',
  'GET /campaigns': 'viewer',
  'GET /campaigns/{id}': 'viewer',
  'GET /campaigns/{id}/runs': 'viewer',
  'GET /messages': 'viewer',
  'GET /suppressions': 'viewer',
  'GET /clock': 'viewer',

  // Editors work on drafts and try them out; nothing reaches a contact.
  'POST /scenarios': 'editor',
  'POST /scenarios/import': 'editor',
  'PUT /scenarios/{id}/draft': 'editor',
  'PUT /scenarios/{id}/tags': 'editor',
  'POST /scenarios/{id}/validate': 'editor',
  'POST /scenarios/{id}/simulate': 'editor',
  'POST /scenarios/{id}/forecast': 'editor',
  'POST /scenarios/{id}/templates/{templateId}/preview': 'editor',
  'POST /segments/estimate': 'editor',
  // With review before publishing on, an editor asks a publisher to publish the draft as it is.
  'POST /scenarios/{id}/reviews': 'editor',

  // Publishers put journeys in front of contacts.
  'POST /scenarios/{id}/publish': 'publisher',
  // Where a publish with a move would send the contacts in flight: for whoever may publish.
  'GET /scenarios/{id}/in-flight': 'publisher',
  'POST /scenarios/{id}/archive': 'publisher',
  'POST /scenarios/{id}/enrol': 'publisher',
  // A saved segment is live at once: its entries and exits are events journeys start on.
  'POST /segments': 'publisher',
  'PUT /segments/{id}': 'publisher',
  'DELETE /segments/{id}': 'publisher',
  'POST /reviews/{review}/approve': 'publisher',
  'POST /reviews/{review}/send-back': 'publisher',
  // A campaign starts journeys for a whole segment.
  'POST /campaigns': 'publisher',
  'PATCH /campaigns/{id}': 'publisher',
  'POST /campaigns/{id}/pause': 'publisher',
  'POST /campaigns/{id}/resume': 'publisher',
  'POST /campaigns/{id}/cancel': 'publisher',

  // Admins: people, keys, settings, erasure, the manual clock.
  'GET /users': 'admin',
  'POST /users': 'admin',
  'PATCH /users/{id}': 'admin',
  'GET /invitations': 'admin',
  'POST /invitations': 'admin',
  'POST /invitations/{id}/resend': 'admin',
  'DELETE /invitations/{id}': 'admin',
  'GET /keys': 'admin',
  'POST /keys': 'admin',
  'DELETE /keys/{id}': 'admin',
  'GET /site-keys': 'admin',
  'POST /site-keys': 'admin',
  'DELETE /site-keys/{id}': 'admin',
  'PUT /settings/attributes': 'admin',
  'PUT /settings/pressure': 'admin',
  'PUT /settings/topics': 'admin',
  'PUT /settings/double-opt-in': 'admin',
  'PUT /settings/review': 'admin',
  'POST /suppressions': 'admin',
  'DELETE /suppressions/{channel}/{address}': 'admin',
  'DELETE /contacts/{id}': 'admin',
  'POST /clock': 'admin',
  // The audit log: read and exported by admins; no route changes it.
  'GET /audit': 'admin',
  'GET /audit/export': 'admin',
  'GET /settings/audit-retention': 'admin',
  'PUT /settings/audit-retention': 'admin',
};

interface CompiledRoute {
  method: string;
  pattern: RegExp;
  /** Literal segments first: "/scenarios/import" wins over "/scenarios/{id}". */
  params: number;
  access: Access;
}

const compiled: CompiledRoute[] = Object.entries(ROUTE_ACCESS)
  .map(([route, access]) => {
    const [method, path] = route.split(' ');
    const params = (path.match(/\{[^}]+\}/g) ?? []).length;
    const pattern = new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    return { method, pattern, params, access };
  })
  .sort((a, b) => a.params - b.params);

/** The access of a request under /api (`path` without the /api prefix); undefined when the table has no such route. */
export function accessOf(method: string, path: string): Access | undefined {
  const upper = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return compiled.find((r) => r.method === upper && r.pattern.test(path))?.access;
}
