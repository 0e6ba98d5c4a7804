import { formatPath, type PathSegment } from '@parcours/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { contacts, enrolments, events } from '../src/db/schema.ts';
import { harness, publishScenario, runTimersUntil, scenarioFile, type Harness } from './helpers.ts';
import { delayScenario } from './fixtures/scenarios.ts';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const countOf = (table: typeof contacts | typeof events | typeof enrolments) => h.db.select({ n: count() }).from(table).get()!.n;

describe('contacts API', () => {
  it('upserts a contact: attributes merge, lists are replaced, consents and time zone kept', async () => {
    const first = await h.call('PUT', '/contacts/ada', { attributes: { first_name: 'Ada', plan: 'free' }, consents: { email: true }, timeZone: 'Europe/Paris', lists: ['news'] });
    expect(first.status).toBe(200);
    const second = await h.call('PUT', '/contacts/ada', { attributes: { plan: 'pro' }, lists: ['beta'] });
    expect(second.body).toMatchObject({
      id: 'ada',
      anonymous: false,
      attributes: { first_name: 'Ada', plan: 'pro' },
      consents: { email: true },
      timeZone: 'Europe/Paris',
      lists: ['beta'],
    });
    expect((await h.call('GET', '/contacts/ada')).body).toEqual(second.body);
  });

  it('upserts in batch and searches by id or attribute, by word prefix', async () => {
    const res = await h.call('POST', '/contacts/batch', {
      contacts: [
        { id: 'c1', attributes: { city: 'Lyon' } },
        { id: 'c2', attributes: { city: 'Nantes' } },
        { id: 'x3', attributes: { city: 'Lyon_50%' } },
      ],
    });
    expect(res.body).toEqual({ accepted: 3, enrolled: 0 });
    const ids = async (q: string) => (await h.call('GET', `/contacts?${q}`)).body.items.map((c: { id: string }) => c.id).sort();
    expect(await ids('search=Lyon')).toEqual(['c1', 'x3']);
    expect(await ids('search=c2')).toEqual(['c2']);
    expect(await ids('search=50%25')).toEqual(['x3']);
    expect(await ids('search=nan')).toEqual(['c2']);
    expect(await ids('search=lyon%2050')).toEqual(['x3']);
    // Full-text search finds words by their start, not any substring; punctuation alone finds nothing.
    expect(await ids('search=antes')).toEqual([]);
    expect(await ids('search=_')).toEqual([]);
    expect(await ids('limit=2')).toHaveLength(2);
    expect((await h.call('GET', '/contacts?limit=9999')).status).toBe(400);
  });

  it('keeps the search index in step with updates, merges and erasure', async () => {
    await h.call('PUT', '/contacts/ada', { attributes: { email: 'ada@example.com', plan: 'pro' } });
    await h.call('POST', '/identify', { userId: 'bob', anonymousId: 'v1', traits: { nickname: 'Bobby' } });
    await h.call('POST', '/track', { anonymousId: 'v2', event: 'page_viewed', properties: {} });
    const ids = async (search: string) => (await h.call('GET', `/contacts?search=${encodeURIComponent(search)}`)).body.items.map((c: { id: string }) => c.id).sort();
    expect(await ids('example.com')).toEqual(['ada']);
    expect(await ids('bobby')).toEqual(['bob']);
    expect(await ids('anon:v2')).toEqual(['anon:v2']);

    await h.call('PUT', '/contacts/ada', { attributes: { email: 'ada@lovelace.org' } });
    expect(await ids('example')).toEqual([]);
    expect(await ids('lovelace')).toEqual(['ada']);
    expect(await ids('pro')).toEqual(['ada']);

    // The visitor becomes a known contact: found by its new id, no longer by the old one.
    await h.call('POST', '/identify', { userId: 'cy', anonymousId: 'v2', traits: { city: 'Oslo' } });
    expect(await ids('v2')).toEqual([]);
    expect(await ids('cy')).toEqual(['cy']);
    expect(await ids('oslo')).toEqual(['cy']);

    expect((await h.call('DELETE', '/contacts/ada')).status).toBe(204);
    expect(await ids('lovelace')).toEqual([]);
    expect(h.db.$client.prepare('SELECT count(*) AS n FROM contacts_search').get()).toEqual({ n: 2 });
  });

  it('refuses bad contact bodies with the field path and writes nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ attributes: 'x' }, 'attributes'],
      [{ consents: { email: 'yes' } }, 'consents.email'],
      [{ consents: { fax: true } }, 'consents.fax'],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ lists: [''] }, 'lists[0]'],
      [{ unknown: 1 }, 'unknown'],
    ];
    for (const [body, path] of cases) {
      const res = await h.call('PUT', '/contacts/c', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(formatPath(res.body.error.issues[0].path), JSON.stringify(body)).toBe(path);
    }
    const reserved = await h.call('PUT', '/contacts/anon:x', {});
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.issues[0]).toMatchObject({ path: ['id'], message: expect.stringContaining('reserved') });
    const batch = await h.call('POST', '/contacts/batch', { contacts: [{ id: 'ok' }, { id: 'bad', timeZone: 'Nowhere/City' }] });
    expect(batch.status).toBe(400);
    expect(batch.body.error.issues[0].path).toEqual(['contacts', 1, 'timeZone']);
    expect((await h.call('POST', '/contacts/batch', { contacts: [{ id: 'ok' }, { attributes: {} }] })).body.error.issues[0].path).toEqual(['contacts', 1, 'id']);
    expect(countOf(contacts)).toBe(0);
  });

  it("shows a contact's timeline: events, steps and messages in time order", async () => {
    await publishScenario(h, delayScenario('s', { delay: '1h' }));
    await h.call('POST', '/track', { userId: 'c', event: 'go', properties: { from: 'test' } });
    runTimersUntil(h, h.clock.now() + 3_600_000);
    const items = (await h.call('GET', '/contacts/c/timeline')).body.items;
    expect(items.map((i: { kind: string; node?: string; outcome?: string; event?: string }) => [i.kind, i.event ?? i.node, i.outcome])).toEqual([
      ['event', 'go', undefined],
      ['step', 'start', 'entered'],
      ['step', 'send_a', 'sent'],
      ['message', 'send_a', undefined],
      ['step', 'wait', 'waiting'],
      ['step', 'wait', 'resumed'],
      ['step', 'send_b', 'sent'],
      ['message', 'send_b', undefined],
      ['step', 'done', 'exited'],
    ]);
    expect(items[1]).toMatchObject({ scenarioId: 's', version: 1, at: '2026-01-05T08:00:00.000Z' });
    expect((await h.call('GET', '/contacts/nobody/timeline')).status).toBe(404);
  });
});

describe('events API', () => {
  it('tracks, identifies and batches Segment-style calls', async () => {
    await publishScenario(h, delayScenario('s'));
    expect((await h.call('POST', '/track', { userId: 'u', event: 'go', timestamp: '2026-01-05T07:00:00Z' })).body).toEqual({ accepted: 1, enrolled: 1 });
    const batch = await h.call('POST', '/batch', {
      batch: [
        { type: 'track', anonymousId: 'a1', event: 'viewed' },
        { type: 'identify', userId: 'v', anonymousId: 'a1', traits: { name: 'Vi' } },
        { type: 'track', userId: 'v', event: 'go' },
      ],
    });
    expect(batch.body).toEqual({ accepted: 3, enrolled: 1 });
    expect((await h.call('GET', '/contacts/v')).body.attributes).toEqual({ name: 'Vi' });
    const stored = h.db.select().from(events).all();
    expect(stored.map((e) => [e.contactId, e.name])).toEqual([
      ['u', 'go'],
      ['v', 'viewed'],
      ['v', 'go'],
    ]);
    expect(stored[0].at).toBe(Date.parse('2026-01-05T07:00:00Z'));
  });

  it('refuses a bad event or batch with the field path and stores nothing of it', async () => {
    const bad: Array<[string, unknown, string]> = [
      ['/track', { event: 'x' }, 'userId'],
      ['/track', { userId: 'u' }, 'event'],
      ['/track', { userId: 'u', event: 'x', timestamp: 'yesterday' }, 'timestamp'],
      ['/track', { userId: 'u', event: 'x', properties: [] }, 'properties'],
      ['/identify', { anonymousId: 'a' }, 'userId'],
      ['/track', { userId: 'anon:1', event: 'x' }, 'userId'],
      ['/batch', { batch: [] }, 'batch'],
      ['/batch', { batch: [{ type: 'track', userId: 'u', event: 'ok' }, { type: 'track', userId: 'u' }] }, 'batch[1].event'],
      ['/batch', { batch: [{ type: 'page', userId: 'u' }] }, 'batch[0].type'],
    ];
    for (const [path, body, field] of bad) {
      const res = await h.call('POST', path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.issues.map((i: { path: PathSegment[] }) => formatPath(i.path)), JSON.stringify(body)).toContain(field);
    }
    expect((await h.call('POST', '/track', '{"userId": "u", "event": ')).body.error.code).toBe('malformed_json');
    expect(countOf(events)).toBe(0);
    expect(countOf(contacts)).toBe(0);
  });
});

describe('enrolment API and per-node counts', () => {
  it('enrols by API within the re-entry policy', async () => {
    await publishScenario(h, delayScenario('api', { entry: 'api' }));
    await h.call('PUT', '/contacts/c', {});
    expect((await h.call('POST', '/scenarios/api/enrol', { contactId: 'c' })).body).toEqual({ enrolled: true });
    expect((await h.call('POST', '/scenarios/api/enrol', { contactId: 'c' })).body).toEqual({ enrolled: false });
    expect((await h.call('POST', '/scenarios/api/enrol', { contactId: 'nobody' })).status).toBe(404);
    expect((await h.call('POST', '/scenarios/api/enrol', {})).body.error.issues[0].path).toEqual(['contactId']);
    await h.call('POST', '/scenarios/import', delayScenario('draft_only'));
    expect((await h.call('POST', '/scenarios/draft_only/enrol', { contactId: 'c' })).status).toBe(409);
    expect((await h.call('POST', '/scenarios/nope/enrol', { contactId: 'c' })).status).toBe(404);
  });

  it('counts entered, waiting, exited and converted per node and per output', async () => {
    const cart = scenarioFile('abandoned-cart');
    await publishScenario(h, cart);
    const contactsIn = ['buyer', 'waiter', 'leaver'];
    for (const id of contactsIn) await h.call('PUT', `/contacts/${id}`, { consents: { email: true, sms: true, push: true } });
    for (const id of contactsIn) await h.call('POST', '/track', { userId: id, event: 'cart_abandoned', properties: { cart_total: 120 } });
    h.clock.advance(600_000);
    await h.call('POST', '/track', { userId: 'buyer', event: 'order_completed' });
    await h.call('POST', '/track', { userId: 'leaver', event: 'cart_emptied' });
    const stats = (await h.call('GET', `/scenarios/${cart.id}/versions/1/stats`)).body;
    const entry = cart.nodes[0].id;
    expect(stats.nodes[entry].entered).toBe(3);
    expect(stats.nodes[entry].converted).toBe(1);
    const waitingTotal = Object.values(stats.nodes).reduce((n: number, c: any) => n + c.waiting, 0);
    const exitedTotal = Object.values(stats.nodes).reduce((n: number, c: any) => n + c.exited, 0);
    expect(waitingTotal).toBe(1);
    expect(exitedTotal).toBe(1);
    expect(Object.keys(stats.nodes).sort()).toEqual(cart.nodes.map((n: { id: string }) => n.id).sort());
    const taken = Object.values(stats.outputs[entry] ?? {}).reduce((n: number, o: any) => n + o.taken, 0);
    expect(taken).toBe(3);
    expect((await h.call('GET', `/scenarios/${cart.id}/versions/2/stats`)).status).toBe(404);
  });
});
