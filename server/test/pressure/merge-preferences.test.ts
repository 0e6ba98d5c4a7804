import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergePreferences } from '@parcours/shared';
import { START, harness, type Harness } from '../helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = harness();
  await h.call('PUT', '/settings/topics', { topics: [{ id: 'newsletter', name: 'Newsletter', channels: ['email'] }, { id: 'offers', name: 'Offers', channels: ['email', 'sms'] }] });
});
afterEach(() => h.close());

describe('preferences on an identity merge: the most protective wins', () => {
  it('keeps every opt-out of either and the rarer frequency choice', () => {
    const visitor = { topics: { offers: { email: false, sms: true } }, frequency: 'monthly' as const };
    const known = { topics: { offers: { sms: false }, newsletter: { email: true } }, frequency: 'weekly' as const };
    expect(mergePreferences(visitor, known)).toEqual({ topics: { offers: { email: false, sms: false }, newsletter: { email: true } }, frequency: 'monthly' });
    expect(mergePreferences({ topics: {}, frequency: 'any' }, known).frequency).toBe('weekly');
  });

  it('carries the visitor’s opt-out to the known contact over HTTP, recorded in the consent history with the source merge', async () => {
    expect((await h.call('POST', '/track', { anonymousId: 'v1', event: 'page_viewed', properties: {} })).status).toBe(200);
    expect((await h.call('PUT', '/contacts/anon%3Av1/preferences', { topics: { offers: { email: false } }, frequency: 'daily' })).status).toBe(200);
    await h.call('PUT', '/contacts/zoe', { consents: { email: true } });
    expect((await h.call('PUT', '/contacts/zoe/preferences', { frequency: 'weekly' })).status).toBe(200);
    h.clock.advance(1000);
    expect((await h.call('POST', '/identify', { userId: 'zoe', anonymousId: 'v1', traits: {} })).status).toBe(200);
    const history = (await h.call('GET', '/contacts/zoe/consents')).body;
    expect(history.preferences).toEqual({ topics: { offers: { email: false } }, frequency: 'weekly' });
    expect(history.preferenceChanges.filter((c: { source: string }) => c.source === 'merge')).toEqual([
      { topic: 'offers', channel: 'email', granted: false, frequency: null, source: 'merge', at: new Date(START + 1000).toISOString() },
    ]);
  });
});
