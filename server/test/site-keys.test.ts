import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, type Harness } from './helpers.ts';
import { fromPage, page, SHOP, siteKey } from './site-helpers.ts';

describe('site keys', () => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });
  afterEach(() => h.close());

  it('are created, listed and revoked by an admin; a bad origin is refused with its path', async () => {
    const bad = await h.call('POST', '/site-keys', { name: 'shop', origins: ['https://shop.example.com/'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toEqual(['origins', 0]);
    const key = await siteKey(h);
    expect(key).toMatch(/^sk_/);
    const listed = await h.call('GET', '/site-keys');
    expect(listed.body.items).toMatchObject([{ name: 'shop', key, origins: [SHOP], visitorPerMinute: 120, keyPerSecond: 2000 }]);
    expect((await h.call('GET', '/site-keys', undefined, 'pk_test_ingest_key_0123456789')).status).toBe(403);
    expect((await h.call('DELETE', `/site-keys/${listed.body.items[0].id}`)).status).toBe(204);
    expect((await fromPage(h, 'POST', '/collect', { key, body: { anonymousId: 'v1', batch: [page('/')] } })).status).toBe(401);
  });

  it('send page views of an anonymous visitor from an allowed origin, with CORS for that origin only', async () => {
    const key = await siteKey(h);
    const sent = await fromPage(h, 'POST', '/collect', {
      key,
      body: { anonymousId: 'v1', batch: [page('/p/sku-1?utm_source=news', { referrer: 'https://search.example/', utm: { source: 'news' }, properties: { category: 'product' } })] },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ accepted: 1, enrolled: 0 });
    expect(sent.headers.get('access-control-allow-origin')).toBe(SHOP);
    const timeline = await h.call('GET', '/contacts/anon:v1/timeline');
    expect(timeline.body.items).toMatchObject([
      { kind: 'event', event: 'page_viewed', properties: { category: 'product', path: '/p/sku-1', title: '/p/sku-1?utm_source=news', referrer: 'https://search.example/', utm_source: 'news' } },
    ]);

    const preflight = await fromPage(h, 'OPTIONS', '/collect', { key });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('refuse another origin, a missing origin, a missing or unknown key, and write nothing', async () => {
    const key = await siteKey(h);
    const body = { anonymousId: 'v2', batch: [page('/')] };
    const elsewhere = await fromPage(h, 'POST', '/collect', { key, origin: 'https://evil.example', body });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.error.code).toBe('origin_not_allowed');
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fromPage(h, 'OPTIONS', '/collect', { key, origin: 'https://evil.example' })).status).toBe(403);
    expect((await fromPage(h, 'POST', '/collect', { key, origin: null, body })).status).toBe(403);
    expect((await fromPage(h, 'POST', '/collect', { body })).status).toBe(401);
    expect((await fromPage(h, 'POST', '/collect', { key: 'sk_nope', body })).status).toBe(401);
    expect((await h.call('GET', '/contacts/anon:v2')).status).toBe(404);
  });

  it('only send events and ask for decisions: a site key opens no other route', async () => {
    const key = await siteKey(h);
    for (const [method, path, body] of [
      ['GET', '/contacts', undefined],
      ['POST', '/track', { anonymousId: 'v1', event: 'x' }],
      ['POST', '/identify', { userId: 'u1' }],
      ['GET', '/site-keys', undefined],
    ] as const) {
      expect((await h.call(method, path, body, key)).status, `${method} ${path}`).toBe(401);
    }
  });

  it('refuse a bad item with its path in the batch, writing nothing of the batch', async () => {
    const key = await siteKey(h);
    const sent = await fromPage(h, 'POST', '/collect', { key, body: { anonymousId: 'v3', batch: [page('/'), { type: 'track', event: '' }] } });
    expect(sent.status).toBe(400);
    expect(sent.body.error.issues[0].path).toEqual(['batch', 1, 'event']);
    expect((await h.call('GET', '/contacts/anon:v3')).status).toBe(404);
    const malformed = await h.app.request(`/api/collect?key=${key}`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'text/plain' }, body: '{"anonymousId":' });
    expect(malformed.status).toBe(400);
  });

  it('limit each visitor per minute and the whole key per second, with Retry-After', async () => {
    const key = await siteKey(h, { visitorPerMinute: 3, keyPerSecond: 5 });
    const visit = (visitor: string) => fromPage(h, 'POST', '/collect', { key, body: { anonymousId: visitor, batch: [page('/')] } });
    for (let i = 0; i < 3; i++) expect((await visit('busy')).status).toBe(200);
    const limited = await visit('busy');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('20');
    expect(limited.headers.get('access-control-allow-origin')).toBe(SHOP);
    // Another visitor is not held back by the busy one, until the key's own limit (5 per second) is spent.
    expect((await visit('calm')).status).toBe(200);
    expect((await visit('calm')).status).toBe(200);
    expect((await visit('third')).status).toBe(429);
    h.clock.advance(20_000);
    expect((await visit('busy')).status).toBe(200);
    const events = await h.call('GET', '/contacts/anon:busy/timeline');
    expect(events.body.items).toHaveLength(4);
  });

  it('record consent for personalisation and identify the visitor, whose history follows', async () => {
    const key = await siteKey(h);
    const sent = await fromPage(h, 'POST', '/collect', {
      key,
      body: { anonymousId: 'v4', batch: [page('/'), { type: 'consent', personalisation: true }, { type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }, { type: 'track', event: 'signed_up' }] },
    });
    expect(sent.status).toBe(200);
    const contact = await h.call('GET', '/contacts/ada');
    expect(contact.body).toMatchObject({ consents: { onsite: true }, attributes: { email: 'ada@example.com' } });
    const consents = await h.call('GET', '/contacts/ada/consents');
    expect(consents.body.changes).toMatchObject([{ channel: 'onsite', granted: true, source: 'site' }]);
    const timeline = await h.call('GET', '/contacts/ada/timeline');
    expect(timeline.body.items.map((i: { event?: string }) => i.event)).toEqual(['page_viewed', 'signed_up']);
  });
});
