import { afterEach, describe, expect, it } from 'vitest';
import { findContact } from '../src/store/contacts.ts';
import { harness, type Harness } from './helpers.ts';

/**
 * The runtime keeps committed contact rows between transactions. These tests show it never hands
 * out a row the database does not hold: not after an erasure, not after a rolled-back transaction.
 */
describe('contact rows kept between transactions', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('an erased contact comes back empty when it is seen again, not from memory', async () => {
    h = harness();
    expect((await h.call('PUT', '/contacts/ada', { attributes: { plan: 'pro' } })).status).toBe(200);
    expect((await h.call('POST', '/track', { userId: 'ada', event: 'page_viewed' })).status).toBe(200);
    expect((await h.call('DELETE', '/contacts/ada')).status).toBe(204);

    expect((await h.call('POST', '/track', { userId: 'ada', event: 'page_viewed' })).status).toBe(200);
    const contact = await h.call('GET', '/contacts/ada');
    expect(contact.status).toBe(200);
    expect(contact.body.attributes).toEqual({});
  });

  it('a change rolled back with its transaction is not seen by the next one', () => {
    h = harness();
    h.runtime.upsertContacts([{ id: 'bo', patch: { attributes: { plan: 'free' } } }], 'api');
    // The second item breaks the transaction after the first changed the contact in memory.
    const broken = [
      { id: 'bo', patch: { attributes: { plan: 'pro' } } },
      { id: 'cy', patch: { lists: 42 as unknown as string[] } },
    ];
    expect(() => h.runtime.upsertContacts(broken, 'api')).toThrow();
    expect(findContact(h.db, 'cy')).toBeUndefined();

    h.runtime.upsertContacts([{ id: 'bo', patch: { lists: ['newsletter'] } }], 'api');
    expect(findContact(h.db, 'bo')).toMatchObject({ attributes: { plan: 'free' }, lists: ['newsletter'] });
  });

  it('a change made inside an outer transaction that rolls back is forgotten too', () => {
    h = harness();
    h.runtime.upsertContacts([{ id: 'di', patch: { attributes: { plan: 'free' } } }], 'api');
    expect(() =>
      h.db.$client.transaction(() => {
        h.runtime.upsertContacts([{ id: 'di', patch: { attributes: { plan: 'pro' } } }], 'api');
        throw new Error('outer failure');
      })(),
    ).toThrow('outer failure');

    h.runtime.upsertContacts([{ id: 'di', patch: { lists: ['vip'] } }], 'api');
    expect(findContact(h.db, 'di')).toMatchObject({ attributes: { plan: 'free' }, lists: ['vip'] });
  });

  it('a change made inside an outer transaction that commits is seen by the next one', () => {
    h = harness();
    h.runtime.upsertContacts([{ id: 'ed', patch: { attributes: { plan: 'free' } } }], 'api');
    h.db.$client.transaction(() => h.runtime.upsertContacts([{ id: 'ed', patch: { attributes: { plan: 'pro' } } }], 'api'))();

    h.runtime.upsertContacts([{ id: 'ed', patch: { lists: ['vip'] } }], 'api');
    expect(findContact(h.db, 'ed')).toMatchObject({ attributes: { plan: 'pro' }, lists: ['vip'] });
  });
});
