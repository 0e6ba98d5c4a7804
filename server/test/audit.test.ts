import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count } from 'drizzle-orm';
import { auditLog } from '../src/db/schema.ts';
import { issueToken } from '../src/store/account-tokens.ts';
import { createApiKey, findApiKey } from '../src/store/keys.ts';
import { ADMIN_KEY, harness, INGEST_KEY, scenarioFile, type Harness } from './helpers.ts';
import { makeUser, PASSWORD, send, signIn, type Browser } from './people-helpers.ts';

let h: Harness;
let adminKeyId: string;
beforeEach(() => {
  h = harness();
  adminKeyId = findApiKey(h.db, ADMIN_KEY)!.id;
});
afterEach(() => h.close());

const rowCount = () => h.db.select({ n: count() }).from(auditLog).get()!.n;
const rows = () => h.db.select().from(auditLog).orderBy(asc(auditLog.id)).all();

/** The entries `act` added to the log (read straight from the table, not through the API under test). */
async function entriesOf(act: () => Promise<unknown>) {
  const before = rowCount();
  await act();
  return rows().slice(before);
}

/** Asserts `act` wrote exactly one entry, with this action, and answers it. */
async function oneEntry(act: () => Promise<{ status: number }>, action: string) {
  let status = 0;
  const added = await entriesOf(async () => void (status = (await act()).status));
  expect(status).toBeLessThan(300);
  expect(added.map((e) => e.action)).toEqual([action]);
  return added[0];
}

const welcome = () => scenarioFile('welcome');

describe('the audit log records each change once, with its actor', () => {
  it('scenarios and versions, by an API key', async () => {
    const scenario = welcome();
    const created = await oneEntry(() => h.call('POST', '/scenarios', scenario), 'scenario.create');
    expect(created).toMatchObject({ actorKind: 'key', actorId: adminKeyId, actorLabel: 'admin', targetType: 'scenario', targetId: scenario.id, change: { name: scenario.name } });
    await oneEntry(() => h.call('PUT', `/scenarios/${scenario.id}/draft`, scenario), 'scenario.draft_save');
    const renamed = await oneEntry(() => h.call('PUT', `/scenarios/${scenario.id}/draft`, { ...scenario, name: 'Welcome, renamed' }), 'scenario.rename');
    expect(renamed.change).toEqual({ from: scenario.name, to: 'Welcome, renamed' });
    await oneEntry(() => h.call('POST', '/scenarios/import', scenario), 'scenario.rename');
    await oneEntry(() => h.call('PUT', `/scenarios/${scenario.id}/tags`, { tags: ['onboarding'] }), 'scenario.tags');
    const published = await oneEntry(() => h.call('POST', `/scenarios/${scenario.id}/publish`, { note: '  first go  ' }), 'version.publish');
    expect(published.change).toEqual({ version: 1, created: true, note: 'first go' });
    await oneEntry(() => h.call('POST', `/scenarios/${scenario.id}/archive`), 'scenario.archive');
  });

  it('sign-in, failed sign-in (never the password), sign-out, by a person', async () => {
    const user = await makeUser(h, 'editor');
    const failed = await entriesOf(() => send(h, 'POST', '/auth/login', { email: 'editor@example.com', password: 'not the password' }, { 'user-agent': 'TestBrowser/1' }));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ action: 'auth.login_failed', actorKind: 'anonymous', actorId: null, actorLabel: 'editor@example.com', userAgent: 'TestBrowser/1', change: { reason: 'wrong_credentials' } });
    expect(JSON.stringify(failed[0])).not.toContain('not the password');
    let browser!: Browser;
    const [login] = await entriesOf(async () => void (browser = await signIn(h, 'editor@example.com')));
    expect(login).toMatchObject({ action: 'auth.login', actorKind: 'user', actorId: user.id, actorLabel: 'editor@example.com', targetId: user.id });
    expect(JSON.stringify(rows())).not.toContain(PASSWORD);
    const changed = await oneEntry(() => browser.call('POST', '/scenarios', welcome()), 'scenario.create');
    expect(changed).toMatchObject({ actorKind: 'user', actorId: user.id, actorLabel: 'editor@example.com' });
    await oneEntry(() => browser.call('POST', '/auth/logout'), 'auth.logout');
    // The same cookie again ends no session: nothing to record.
    expect(await entriesOf(() => browser.call('POST', '/auth/logout'))).toEqual([]);
  });

  it('users: the first administrator, create, role change, disable, enable, password reset', async () => {
    const token = issueToken(h.db, 'setup', null, h.clock.now());
    // The link creates the first administrator and signs them in: two entries.
    const [setup, signedIn] = await entriesOf(() => send(h, 'POST', '/auth/setup', { token, email: 'first@example.com', password: PASSWORD }, {}));
    expect(signedIn).toMatchObject({ action: 'auth.login', actorLabel: 'first@example.com' });
    expect(setup).toMatchObject({ action: 'user.create', actorKind: 'user', actorLabel: 'first@example.com', change: { role: 'admin', setup: true } });
    const created = await oneEntry(() => h.call('POST', '/users', { email: 'ed@example.com', role: 'editor', password: PASSWORD }), 'user.create');
    expect(created.change).toEqual({ email: 'ed@example.com', role: 'editor' });
    const id = created.targetId!;
    const promoted = await oneEntry(() => h.call('PATCH', `/users/${id}`, { role: 'publisher' }), 'user.role_change');
    expect(promoted.change).toEqual({ email: 'ed@example.com', role: { from: 'editor', to: 'publisher' } });
    await oneEntry(() => h.call('PATCH', `/users/${id}`, { active: false }), 'user.disable');
    await oneEntry(() => h.call('PATCH', `/users/${id}`, { active: true }), 'user.enable');
    // Setting what is already set changes nothing.
    expect(await entriesOf(() => h.call('PATCH', `/users/${id}`, { role: 'publisher' }))).toEqual([]);
    const reset = issueToken(h.db, 'reset', id, h.clock.now());
    const entry = await oneEntry(() => send(h, 'POST', '/auth/reset', { token: reset, password: 'a brand new passphrase' }, {}), 'user.password_reset');
    expect(entry).toMatchObject({ actorKind: 'user', actorId: id, targetId: id });
    expect(JSON.stringify(rows())).not.toContain('a brand new passphrase');
  });

  it('API keys and site keys: create and revoke, never the key itself', async () => {
    let key = '';
    const created = await oneEntry(async () => {
      const res = await h.call('POST', '/keys', { name: 'shop', scope: 'ingest' });
      key = res.body.key;
      return res;
    }, 'api_key.create');
    expect(created.change).toEqual({ name: 'shop', scope: 'ingest' });
    expect(JSON.stringify(rows())).not.toContain(key);
    await oneEntry(() => h.call('DELETE', `/keys/${created.targetId}`), 'api_key.revoke');
    const site = await oneEntry(() => h.call('POST', '/site-keys', { name: 'shop', origins: ['https://shop.example.com'] }), 'site_key.create');
    await oneEntry(() => h.call('DELETE', `/site-keys/${site.targetId}`), 'site_key.revoke');
  });

  it('settings, suppressions', async () => {
    await oneEntry(() => h.call('PUT', '/settings/pressure', { frequencyCaps: [{ channel: 'email', max: 3, per: '7d' }] }), 'settings.pressure');
    await oneEntry(() => h.call('PUT', '/settings/attributes', { attributes: [{ name: 'plan', type: 'text' }] }), 'settings.attributes');
    const topics = await oneEntry(() => h.call('PUT', '/settings/topics', { topics: [{ id: 'offers', name: 'Offers', channels: ['email'] }] }), 'settings.topics');
    const doubleOptIn = await oneEntry(
      () => h.call('PUT', '/settings/double-opt-in', { email: true, sms: false, smsKeywords: { confirm: ['OUI'], stop: ['STOP'] }, linkTtlDays: 7 }),
      'settings.double_opt_in',
    );
    expect(doubleOptIn.change).toEqual({ email: true, sms: false });
    expect(topics.change).toEqual({ topics: ['offers'] });
    await oneEntry(() => h.call('POST', '/suppressions', { channel: 'email', address: 'ada@example.test' }), 'suppression.add');
    await oneEntry(() => h.call('DELETE', '/suppressions/email/ada@example.test'), 'suppression.remove');
  });

  it('consents set by hand (by a key and by a person) and erasure; other contact changes are not audited', async () => {
    expect(await entriesOf(() => h.call('PUT', '/contacts/ada', { attributes: { plan: 'pro' } }, INGEST_KEY))).toEqual([]);
    const byKey = await oneEntry(() => h.call('PUT', '/contacts/ada', { consents: { email: true } }), 'contact.consent');
    expect(byKey).toMatchObject({ actorKind: 'key', actorId: adminKeyId, targetType: 'contact', targetId: 'ada', change: { consents: { email: true } } });
    await makeUser(h, 'editor');
    const browser = await signIn(h, 'editor@example.com');
    const byUser = await oneEntry(() => browser.call('PUT', '/contacts/ada', { consents: { sms: false } }), 'contact.consent');
    expect(byUser).toMatchObject({ actorKind: 'user', actorLabel: 'editor@example.com' });
    await oneEntry(() => h.call('DELETE', '/contacts/ada'), 'contact.erase');
  });

  it('writes nothing for reads, refused changes and changes that did nothing', async () => {
    await h.call('POST', '/scenarios', welcome());
    const before = rowCount();
    for (const path of ['/scenarios', '/scenarios/welcome-series', '/scenarios/welcome-series/versions', '/users', '/keys', '/settings/pressure', '/audit', '/audit/export']) {
      expect((await h.call('GET', path)).status).toBe(200);
    }
    expect((await h.call('POST', '/scenarios', welcome())).status).toBe(409);
    expect((await h.call('PUT', '/settings/pressure', { frequencyCaps: 'many' })).status).toBe(400);
    expect((await h.call('DELETE', '/keys/nope')).status).toBe(404);
    expect((await h.call('DELETE', '/contacts/nobody')).status).toBe(404);
    const viewer = createApiKey(h.db, 'viewer', 'viewer', h.clock.now()).key;
    expect((await h.call('POST', '/scenarios/welcome-series/archive', undefined, viewer)).status).toBe(403);
    expect(rowCount()).toBe(before);
  });
});

describe('the audit log cannot be changed', () => {
  it('has no route that changes it', async () => {
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [] });
    const [entry] = rows();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/audit', `/audit/${entry.id}`]) expect((await h.call(method, path, {})).status).toBe(404);
    }
    expect(rows()).toEqual([entry]);
  });

  it('refuses UPDATE and DELETE in the database itself (triggers)', async () => {
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [] });
    expect(() => h.db.$client.prepare("UPDATE audit_log SET action = 'auth.login'").run()).toThrow(/append-only/);
    expect(() => h.db.$client.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(rows()).toHaveLength(1);
  });
});

describe('listing and exporting the log (admins only)', () => {
  beforeEach(async () => {
    await makeUser(h, 'publisher');
    const person = await signIn(h, 'publisher@example.com');
    await person.call('POST', '/scenarios', welcome());
    h.clock.advance(60_000);
    await h.call('PUT', '/settings/pressure', { frequencyCaps: [] });
    await person.call('POST', '/scenarios/welcome-series/publish', { note: 'v1' });
  });

  it('filters by actor, action, target and time, newest first, paged', async () => {
    const all = (await h.call('GET', '/audit')).body.items;
    expect(all.map((e: any) => e.action)).toEqual(['version.publish', 'settings.pressure', 'scenario.create', 'auth.login']);
    const mine = (await h.call('GET', '/audit?actor=publisher@example.com')).body.items;
    expect(mine.map((e: any) => e.action)).toEqual(['version.publish', 'scenario.create', 'auth.login']);
    expect((await h.call('GET', '/audit?action=version.publish')).body.items).toMatchObject([{ target: { type: 'scenario', id: 'welcome-series' }, change: { note: 'v1' } }]);
    expect((await h.call('GET', '/audit?targetType=scenario&targetId=welcome-series')).body.items).toHaveLength(2);
    const later = new Date(h.clock.now() - 30_000).toISOString();
    expect((await h.call('GET', `/audit?from=${later}`)).body.items.map((e: any) => e.action)).toEqual(['version.publish', 'settings.pressure']);
    expect((await h.call('GET', `/audit?to=${later}`)).body.items.map((e: any) => e.action)).toEqual(['scenario.create', 'auth.login']);
    const first = (await h.call('GET', '/audit?limit=3')).body;
    expect(first.items).toHaveLength(3);
    const second = (await h.call('GET', `/audit?limit=3&before=${first.next}`)).body;
    expect(second).toEqual({ items: [all[3]] });
  });

  it('refuses a bad filter with its field', async () => {
    const bad = await h.call('GET', '/audit?action=scenario.explode');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['action']);
  });

  it('exports CSV and JSON lines with the filters', async () => {
    const csv = await h.app.request('/api/audit/export?format=csv&actor=publisher@example.com', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('id,at,actor_kind,actor_id,actor,action,target_type,target_id,change,ip,user_agent');
    expect(lines.slice(1).map((l) => l.split(',')[5])).toEqual(['version.publish', 'scenario.create', 'auth.login']);
    const jsonl = await h.app.request('/api/audit/export?format=jsonl', { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    const entries = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.map((e) => e.action)).toEqual(['version.publish', 'settings.pressure', 'scenario.create', 'auth.login']);
  });

  it('is for admins only', async () => {
    const publisher = createApiKey(h.db, 'pub', 'publisher', h.clock.now()).key;
    expect((await h.call('GET', '/audit', undefined, publisher)).status).toBe(403);
    expect((await h.call('GET', '/audit/export', undefined, publisher)).status).toBe(403);
  });
});
