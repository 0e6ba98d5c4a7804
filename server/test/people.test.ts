import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { firstStartLink } from '../src/people/first-start.ts';
import type { AccountMessage } from '../src/people/mail.ts';
import { LOGIN_LIMITS } from '../src/people/throttle.ts';
import { SESSION_TTL_MS } from '../src/store/user-sessions.ts';
import { countUsers } from '../src/store/users.ts';
import { harness, scenarioFile, type Harness } from './helpers.ts';
import { makeUser, PASSWORD, send, signIn } from './people-helpers.ts';

let h: Harness;
let mail: AccountMessage[];
beforeEach(() => {
  mail = [];
  h = harness(undefined, { accountMail: async (m) => void mail.push(m) });
});
afterEach(() => h.close());

const login = (email: string, password: string) => send(h, 'POST', '/auth/login', { email, password }, {});

describe('sessions', () => {
  it('sets an HttpOnly, SameSite, path-wide cookie that expires with the session, Secure only over https', async () => {
    await makeUser(h, 'editor');
    const res = await login('Editor@Example.com', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'editor@example.com', role: 'editor', active: true });
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^parcours_session=[\w-]{40,};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toContain(`Max-Age=${SESSION_TTL_MS / 1000}`);
    expect(cookie).not.toMatch(/Secure/);

    const tls = harness(undefined, { publicUrl: 'https://parcours.example.com' });
    try {
      await makeUser(tls, 'viewer');
      const secure = await send(tls, 'POST', '/auth/login', { email: 'viewer@example.com', password: PASSWORD }, {});
      expect(secure.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      tls.close();
    }
  });

  it('keeps only a hash of the session id on the server', async () => {
    await makeUser(h, 'editor');
    const browser = await signIn(h, 'editor@example.com');
    const id = browser.cookie.split('=')[1];
    const stored = h.db.$client.prepare('select hash from user_sessions').all() as { hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0].hash).not.toContain(id);
  });

  it('answers who is signed in, and refuses a wrong password or a deactivated account alike', async () => {
    await makeUser(h, 'publisher');
    const browser = await signIn(h, 'publisher@example.com');
    const session = await browser.call('GET', '/auth/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ user: { role: 'publisher' }, csrfToken: browser.csrf });
    const wrong = await login('publisher@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect((await login('nobody@example.com', PASSWORD)).body.error.message).toBe(wrong.body.error.message);
  });

  it('ends after its lifetime', async () => {
    await makeUser(h, 'viewer');
    const browser = await signIn(h, 'viewer@example.com');
    h.clock.advance(SESSION_TTL_MS - 1000);
    expect((await browser.call('GET', '/scenarios')).status).toBe(200);
    h.clock.advance(1000);
    const ended = await browser.call('GET', '/scenarios');
    expect(ended.status).toBe(401);
    expect(ended.body.error.message).toMatch(/session has ended/);
  });

  it('is not ended by a sign-out without the session token, as another site would send it', async () => {
    await makeUser(h, 'viewer');
    const browser = await signIn(h, 'viewer@example.com');
    const forged = await browser.call('POST', '/auth/logout', undefined, { csrf: false, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf');
    expect(forged.headers.get('set-cookie')).toBeNull();
    const guessed = await send(h, 'POST', '/auth/logout', undefined, { cookie: browser.cookie, 'x-csrf-token': 'guessed' });
    expect(guessed.status).toBe(403);
    expect((await browser.call('GET', '/auth/session')).status).toBe(200);
  });

  it('is revoked by signing out: the same cookie no longer works', async () => {
    await makeUser(h, 'viewer');
    const browser = await signIn(h, 'viewer@example.com');
    const out = await browser.call('POST', '/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^parcours_session=;.*Max-Age=0/);
    expect((await browser.call('GET', '/scenarios')).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a change made with the cookie but without the session token, as another site would send it', async () => {
    await makeUser(h, 'editor');
    const browser = await signIn(h, 'editor@example.com');
    const scenario = { ...scenarioFile('welcome'), id: 'forged' };
    const forged = await browser.call('POST', '/scenarios/import', scenario, { csrf: false, origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf');
    const wrongToken = await send(h, 'POST', '/scenarios/import', scenario, { cookie: browser.cookie, 'x-csrf-token': 'guessed' });
    expect(wrongToken.status).toBe(403);
    expect((await h.call('GET', '/scenarios/forged')).status).toBe(404);
    // Reading needs no token, and the web app's own request (with it) goes through.
    expect((await browser.call('GET', '/scenarios')).status).toBe(200);
    expect((await browser.call('POST', '/scenarios/import', scenario)).status).toBe(201);
  });

  it('does not ask API keys for a token: no browser holds them', async () => {
    expect((await h.call('POST', '/scenarios/import', { ...scenarioFile('welcome'), id: 'by-key' })).status).toBe(201);
  });
});

describe('sign-in throttling', () => {
  it('makes an account wait after too many failures, with 429 and Retry-After, other accounts unaffected', async () => {
    await makeUser(h, 'editor');
    await makeUser(h, 'viewer');
    for (let i = 0; i < LOGIN_LIMITS.account.failures; i++) expect((await login('editor@example.com', `wrong ${i}`)).status).toBe(401);
    const locked = await login('editor@example.com', PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.headers.get('retry-after')).toBe(String(LOGIN_LIMITS.account.windowMs / 1000));
    expect((await login('viewer@example.com', PASSWORD)).status).toBe(200);
    h.clock.advance(60_000);
    expect((await login('editor@example.com', PASSWORD)).headers.get('retry-after')).toBe(String(LOGIN_LIMITS.account.windowMs / 1000 - 60));
    h.clock.advance(LOGIN_LIMITS.account.windowMs);
    expect((await login('editor@example.com', PASSWORD)).status).toBe(200);
  });

  it('forgets failures older than the longest window when a new one is recorded', async () => {
    await login('someone@example.com', 'wrong');
    await login('other@example.com', 'wrong');
    const rows = () => (h.db.$client.prepare('select scope, key from login_failures order by id').all() as { scope: string; key: string }[]);
    expect(rows()).toHaveLength(4);
    h.clock.advance(LOGIN_LIMITS.account.windowMs);
    await login('late@example.com', 'wrong');
    expect(rows()).toEqual([
      { scope: 'account', key: 'late@example.com' },
      { scope: 'ip', key: expect.any(String) },
    ]);
  });

  it('makes an address wait after too many failures across accounts', async () => {
    await makeUser(h, 'viewer');
    for (let i = 0; i < LOGIN_LIMITS.ip.failures; i++) await login(`guess${i}@example.com`, 'wrong');
    const refused = await login('viewer@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('password reset', () => {
  const linkIn = (message: AccountMessage) => message.text.match(/\S+\/#\/reset\/([\w-]+)/)!;

  it('mails a one-time link that sets a new password once and ends the sessions', async () => {
    await makeUser(h, 'editor');
    const before = await signIn(h, 'editor@example.com');
    expect((await send(h, 'POST', '/auth/reset-request', { email: 'editor@example.com' }, {})).status).toBe(202);
    expect(mail).toHaveLength(1);
    expect(mail[0].to).toBe('editor@example.com');
    expect(mail[0].text).toContain('mot de passe');
    const token = linkIn(mail[0])[1];
    expect((await send(h, 'POST', '/auth/reset', { token, password: 'a brand new passphrase' }, {})).status).toBe(204);
    expect((await before.call('GET', '/scenarios')).status).toBe(401);
    expect((await login('editor@example.com', PASSWORD)).status).toBe(401);
    expect((await login('editor@example.com', 'a brand new passphrase')).status).toBe(200);
    const again = await send(h, 'POST', '/auth/reset', { token, password: 'yet another passphrase' }, {});
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
  });

  it('expires after an hour', async () => {
    await makeUser(h, 'editor');
    await send(h, 'POST', '/auth/reset-request', { email: 'editor@example.com' }, {});
    h.clock.advance(3600_000);
    const late = await send(h, 'POST', '/auth/reset', { token: linkIn(mail[0])[1], password: 'a brand new passphrase' }, {});
    expect(late.status).toBe(400);
    expect((await login('editor@example.com', PASSWORD)).status).toBe(200);
  });

  it('answers the same for an unknown email and sends nothing', async () => {
    expect((await send(h, 'POST', '/auth/reset-request', { email: 'nobody@example.com' }, {})).status).toBe(202);
    expect(mail).toEqual([]);
  });

  it('refuses a short password with the field path', async () => {
    const res = await send(h, 'POST', '/auth/reset', { token: 't', password: 'short' }, {});
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['password']);
  });
});

describe('the setup link', () => {
  it('is issued once while no one has an account, creates the first admin once, and signs them in', async () => {
    const link = firstStartLink(h.db, h.clock.now(), 'http://localhost:3000/')!;
    expect(link).toMatch(/^http:\/\/localhost:3000\/#\/setup\/[\w-]{40,}$/);
    expect(firstStartLink(h.db, h.clock.now(), 'http://localhost:3000')).toBeUndefined();
    const token = link.split('/').pop()!;
    const created = await send(h, 'POST', '/auth/setup', { token, email: 'Boss@Example.com', password: 'the first admin passphrase' }, {});
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'boss@example.com', role: 'admin' });
    const cookie = created.headers.get('set-cookie')!.split(';')[0];
    expect((await send(h, 'GET', '/users', undefined, { cookie })).body.items).toHaveLength(1);
    const again = await send(h, 'POST', '/auth/setup', { token, email: 'intruder@example.com', password: 'the intruder passphrase' }, {});
    expect(again.status).toBe(400);
    expect(countUsers(h.db)).toBe(1);
    // Someone exists now: no new link at the next start.
    h.clock.advance(48 * 3600_000);
    expect(firstStartLink(h.db, h.clock.now(), 'http://localhost:3000')).toBeUndefined();
  });

  it('expires after a day, and the next start prints a new one', async () => {
    const token = firstStartLink(h.db, h.clock.now(), 'http://x')!.split('/').pop()!;
    h.clock.advance(24 * 3600_000);
    expect((await send(h, 'POST', '/auth/setup', { token, email: 'a@example.com', password: 'the first admin passphrase' }, {})).status).toBe(400);
    expect(firstStartLink(h.db, h.clock.now(), 'http://x')).toMatch(/#\/setup\//);
    expect(countUsers(h.db)).toBe(0);
  });
});

describe('users', () => {
  it('lets an admin create users with a role, change a role and deactivate, which ends their sessions', async () => {
    await makeUser(h, 'admin');
    const admin = await signIn(h, 'admin@example.com');
    const created = await admin.call('POST', '/users', { email: 'ed@example.com', role: 'editor', password: 'an editor passphrase' });
    expect(created.status).toBe(201);
    expect((await admin.call('POST', '/users', { email: 'ED@example.com', role: 'viewer', password: 'an editor passphrase' })).status).toBe(409);
    const ed = await signIn(h, 'ed@example.com', 'an editor passphrase');
    expect((await ed.call('POST', '/scenarios/x/publish')).status).toBe(403);
    const promoted = await admin.call('PATCH', `/users/${created.body.id}`, { role: 'publisher' });
    expect(promoted.body.role).toBe('publisher');
    expect((await ed.call('POST', '/scenarios/x/publish')).status).toBe(404);
    expect((await admin.call('PATCH', `/users/${created.body.id}`, { active: false })).body.active).toBe(false);
    expect((await ed.call('GET', '/scenarios')).status).toBe(401);
    expect((await login('ed@example.com', 'an editor passphrase')).status).toBe(401);
    expect((await admin.call('PATCH', `/users/${created.body.id}`, { active: true })).body.active).toBe(true);
    expect((await login('ed@example.com', 'an editor passphrase')).status).toBe(200);
  });

  it('refuses an admin changing their own role, and bad input with the field path', async () => {
    const me = await makeUser(h, 'admin');
    const admin = await signIn(h, 'admin@example.com');
    expect((await admin.call('PATCH', `/users/${me.id}`, { role: 'viewer' })).status).toBe(409);
    const bad = await admin.call('POST', '/users', { email: 'x@example.com', role: 'owner', password: 'a long enough passphrase' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['role']);
    expect((await admin.call('GET', '/users')).body.items).toHaveLength(1);
  });
});

describe('security headers', () => {
  const expectHeaders = (headers: Headers) => {
    const csp = headers.get('content-security-policy')!;
    // Scripts from the server's own files at most; a contact page that runs none keeps its stricter default-src 'none'.
    const scripts = (/script-src ([^;]*)/.exec(csp) ?? /default-src ([^;]*)/.exec(csp))?.[1];
    expect(["'self'", "'none'"]).toContain(scripts);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
    expect(headers.get('x-frame-options')).toBe('DENY');
  };

  it('are on API routes, contact pages and the web app', async () => {
    expectHeaders((await h.app.request('/api/health')).headers);
    expectHeaders((await h.app.request('/api/scenarios')).headers);
    const dir = mkdtempSync(join(tmpdir(), 'parcours-web-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
      const app = createApp({ db: h.db, clock: h.clock, webDist: dir, channels: createChannels(loadChannelConfig({})) });
      const page = await app.request('/');
      expect(page.status).toBe(200);
      expectHeaders(page.headers);
      const unsubscribe = await app.request('/u/not-a-token');
      expect(unsubscribe.status).toBe(400);
      expectHeaders(unsubscribe.headers);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keep an API answer to what a response that is never a page needs, and give a page the isolation of a document', async () => {
    const api = (await h.app.request('/api/health')).headers;
    expect(api.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.get('cross-origin-opener-policy')).toBeNull();
    expect(api.get('x-dns-prefetch-control')).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'parcours-web-'));
    try {
      writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
      const page = (await createApp({ db: h.db, clock: h.clock, webDist: dir }).request('/scenarios')).headers;
      expect(page.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(page.get('origin-agent-cluster')).toBe('?1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
