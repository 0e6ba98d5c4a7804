import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAllows, type Role } from '@parcours/shared';
import { ROUTE_ACCESS, type Access } from '../src/http/access.ts';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { createApiKey } from '../src/store/keys.ts';
import { harness, INGEST_KEY, type Harness } from './helpers.ts';
import { makeUser, send, signIn, type Browser } from './people-helpers.ts';

/**
 * Every route of the OpenAPI document, called by each role (as an API key and as a signed-in user), by an ingest
 * key and by no one: allowed means anything but 401/403, refused means 403 (401 without credentials). A route
 * missing from the access table fails here.
 */
let h: Harness;
const keys = {} as Record<Role, string>;
const browsers = {} as Record<Role, Browser>;
let routes: { method: string; path: string }[];

beforeAll(async () => {
  h = harness(undefined, { channels: () => createChannels(loadChannelConfig({})) });
  for (const role of ROLES) {
    keys[role] = createApiKey(h.db, role, role, h.clock.now()).key;
    await makeUser(h, role);
    browsers[role] = await signIn(h, `${role}@example.com`);
  }
  const doc = (await h.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
  // Signing out ends the session the walk uses: last.
  routes.sort((a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'));
});
afterAll(() => h.close());

const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x');
const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});
const allows = (access: Exclude<Access, 'site'>, role: Role) => access === 'public' || roleAllows(role, typeof access === 'string' ? access : access.role);

describe('the role walk', () => {
  it('finds the routes of every part in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(50);
    for (const route of ['POST /scenarios/{id}/publish', 'PATCH /users/{id}', 'POST /auth/login', 'POST /track']) {
      expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(route);
    }
  });

  it('has every route of the document in the access table', () => {
    const missing = routes.map((r) => `${r.method} ${r.path}`).filter((route) => !(route in ROUTE_ACCESS));
    expect(missing, 'routes missing from ROUTE_ACCESS (server/src/http/access.ts)').toEqual([]);
    // And the table names no route that is not there (a typo would leave the real route admin-only).
    const documented = new Set([...routes.map((r) => `${r.method} ${r.path}`), 'GET /health', 'GET /openapi.json']);
    expect(Object.keys(ROUTE_ACCESS).filter((route) => !documented.has(route))).toEqual([]);
  });

  it('lets each role through exactly where the table says, with a key and with a session', async () => {
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const access = ROUTE_ACCESS[`${method} ${path}`];
      for (const role of ROLES) {
        // The snippet's routes take a site key and nothing else: a user or an API key is no credential there.
        const expected = access === 'site' ? '401' : allows(access, role) ? 'allowed' : 'refused';
        const byKey = await send(h, method, concrete(path), bodyFor(method), { authorization: `Bearer ${keys[role]}` });
        const bySession = await browsers[role].call(method, concrete(path), bodyFor(method));
        for (const [how, res] of [['key', byKey], ['session', bySession]] as const) {
          const got = res.status === 403 && res.body.error.code === 'forbidden' ? 'refused' : res.status === 401 || res.status === 403 ? `${res.status}` : 'allowed';
          if (got !== expected) wrong.push(`${method} ${path} as ${role} (${how}): ${expected}, got ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets an ingest key reach the ingest routes only', async () => {
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const access = ROUTE_ACCESS[`${method} ${path}`];
      const expected = access === 'site' ? '401' : access === 'public' || (typeof access === 'object' && access.ingest) ? 'allowed' : 'refused';
      const res = await send(h, method, concrete(path), bodyFor(method), { authorization: `Bearer ${INGEST_KEY}` });
      const got = res.status === 403 ? 'refused' : res.status === 401 ? '401' : 'allowed';
      if (got !== expected) wrong.push(`${method} ${path}: ${expected}, got ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('asks for credentials everywhere but the public routes', async () => {
    const wrong: string[] = [];
    for (const { method, path } of routes) {
      const expected = ROUTE_ACCESS[`${method} ${path}`] === 'public' ? 'answered' : 401;
      const res = await send(h, method, concrete(path), bodyFor(method), {});
      const got = res.status === 401 ? 401 : 'answered';
      if (got !== expected) wrong.push(`${method} ${path}: ${expected}, got ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});
