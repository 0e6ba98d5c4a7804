import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { registerPresetKey } from '../src/store/keys.ts';
import { apiKeys } from '../src/db/schema.ts';
import { ADMIN_KEY, INGEST_KEY, harness, type Harness } from './helpers.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

describe('API keys', () => {
  it('lets health through without a key and nothing else', async () => {
    expect((await h.call('GET', '/health', undefined, null)).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/scenarios'],
      ['GET', '/openapi.json'],
      ['POST', '/track'],
      ['GET', '/contacts'],
      ['GET', '/keys'],
    ]) {
      const res = await h.call(method, path, method === 'POST' ? { userId: 'u', event: 'e' } : undefined, null);
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
  });

  it('refuses an unknown key and a malformed header', async () => {
    expect((await h.call('GET', '/scenarios', undefined, 'pk_nope')).status).toBe(401);
    const res = await h.app.request('/api/scenarios', { headers: { authorization: `Basic ${ADMIN_KEY}` } });
    expect(res.status).toBe(401);
  });

  it('limits an ingest key to events and contacts', async () => {
    expect((await h.call('POST', '/track', { userId: 'u1', event: 'viewed' }, INGEST_KEY)).status).toBe(200);
    expect((await h.call('POST', '/identify', { userId: 'u1', traits: { a: 1 } }, INGEST_KEY)).status).toBe(200);
    expect((await h.call('POST', '/batch', { batch: [{ type: 'track', userId: 'u1', event: 'x' }] }, INGEST_KEY)).status).toBe(200);
    expect((await h.call('PUT', '/contacts/u2', { attributes: { a: 1 } }, INGEST_KEY)).status).toBe(200);
    expect((await h.call('POST', '/contacts/batch', { contacts: [{ id: 'u3' }] }, INGEST_KEY)).status).toBe(200);
    for (const [method, path] of [
      ['GET', '/scenarios'],
      ['GET', '/contacts/u1'],
      ['DELETE', '/contacts/u1'],
      ['GET', '/messages'],
      ['GET', '/keys'],
      ['POST', '/keys'],
    ]) {
      const res = await h.call(method, path, method === 'POST' ? { name: 'x', scope: 'admin' } : undefined, INGEST_KEY);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    // The refused DELETE erased nothing.
    expect((await h.call('GET', '/contacts/u1')).status).toBe(200);
  });

  it('creates a key shown once, lists it without the secret, and revokes it', async () => {
    const created = await h.call('POST', '/keys', { name: 'shop', scope: 'ingest' });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pk_/);
    expect((await h.call('POST', '/track', { userId: 'u', event: 'e' }, created.body.key)).status).toBe(200);
    const list = await h.call('GET', '/keys');
    const listed = list.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(listed).toMatchObject({ name: 'shop', scope: 'ingest' });
    expect(JSON.stringify(list.body)).not.toContain(created.body.key);
    expect((await h.call('DELETE', `/keys/${created.body.id}`)).status).toBe(204);
    expect((await h.call('POST', '/track', { userId: 'u', event: 'e' }, created.body.key)).status).toBe(401);
    expect((await h.call('DELETE', `/keys/${created.body.id}`)).status).toBe(404);
  });

  it('records when each key was last used, writing its row at most once a minute', async () => {
    const listed = async () => {
      const items: { name: string; lastUsedAt: string | null }[] = (await h.call('GET', '/keys')).body.items;
      return Object.fromEntries(items.map((k) => [k.name, k.lastUsedAt]));
    };
    const stored = (name: string) => h.db.select({ at: apiKeys.lastUsedAt }).from(apiKeys).where(eq(apiKeys.name, name)).get()!.at;
    expect(stored('ingest')).toBeNull();
    expect(await listed()).toMatchObject({ ingest: null, admin: new Date(h.clock.now()).toISOString() });
    const first = h.clock.now();
    await h.call('POST', '/track', { userId: 'u', event: 'seen' }, INGEST_KEY);
    expect(stored('ingest')).toBe(first);
    // Used again 30 s later: shown at once, but the row is not written again within the minute.
    h.clock.advance(30_000);
    await h.call('POST', '/track', { userId: 'u', event: 'seen' }, INGEST_KEY);
    expect(stored('ingest')).toBe(first);
    expect((await listed()).ingest).toBe(new Date(first + 30_000).toISOString());
    // A minute after the last write, the next use is written.
    h.clock.advance(31_000);
    await h.call('POST', '/track', { userId: 'u', event: 'seen' }, INGEST_KEY);
    expect(stored('ingest')).toBe(first + 61_000);
  });

  it('refuses a bad key request with the field path', async () => {
    const res = await h.call('POST', '/keys', { name: 'x', scope: 'root' });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['scope']);
  });

  it('registers a preset admin key once, and creates no key by itself', () => {
    const before = h.db.select({ n: count() }).from(apiKeys).get()!.n;
    registerPresetKey(h.db, 0, 'pk_preset_key_123456');
    registerPresetKey(h.db, 0, 'pk_preset_key_123456');
    expect(h.db.select({ n: count() }).from(apiKeys).get()!.n).toBe(before + 1);
    expect(h.db.select().from(apiKeys).where(eq(apiKeys.name, 'admin (PARCOURS_ADMIN_KEY)')).get()!.scope).toBe('admin');
  });
});
