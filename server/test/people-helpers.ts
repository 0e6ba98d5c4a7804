import type { Role } from '@parcours/shared';
import { hashPassword } from '../src/people/passwords.ts';
import { createUser } from '../src/store/users.ts';
import { checkAnswer, type Harness } from './helpers.ts';

export const PASSWORD = 'correct horse battery staple';

/** A user made through the store, as the tests of other parts make keys. */
export async function makeUser(h: Harness, role: Role, email = `${role}@example.com`, password = PASSWORD) {
  return createUser(h.db, { email, role, passwordHash: await hashPassword(password) }, h.clock.now())!;
}

export interface Browser {
  /** The session cookie as the browser holds it ("parcours_session=..."), and the CSRF token the app was given. */
  cookie: string;
  csrf: string;
  /** A request with the cookie (and the CSRF token on changes unless `csrf: false`), as the web app makes it. */
  call(method: string, path: string, body?: unknown, options?: { csrf?: boolean; origin?: string }): Promise<{ status: number; body: any; headers: Headers }>;
}

/** Raw request to the app; answers are still checked against what the route declares. */
export async function send(h: Harness, method: string, path: string, body: unknown, headers: Record<string, string>) {
  const all = { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await h.app.request(`/api${path}`, { method, headers: all, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  // A CSV or JSON-lines export (the audit log's) is kept as text.
  const parsed = text && (response.headers.get('content-type') ?? '').startsWith('application/json') ? JSON.parse(text) : text || null;
  checkAnswer(h.app, method, path, response.status, parsed);
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Signs in through POST /auth/login like the web app does, and keeps the cookie like a browser. */
export async function signIn(h: Harness, email: string, password = PASSWORD): Promise<Browser> {
  const res = await send(h, 'POST', '/auth/login', { email, password }, {});
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${JSON.stringify(res.body)}`);
  const cookie = res.headers.get('set-cookie')!.split(';')[0];
  const csrf: string = res.body.csrfToken;
  return {
    cookie,
    csrf,
    call: (method, path, body, options = {}) =>
      send(h, method, path, body, {
        cookie,
        ...(options.csrf === false || method === 'GET' ? {} : { 'x-csrf-token': csrf }),
        ...(options.origin ? { origin: options.origin } : {}),
      }),
  };
}
