import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { START, harness, type Harness } from '../helpers.ts';

let h: Harness;
beforeEach(async () => {
  h = harness();
  await h.call('PUT', '/contacts/zoe', { consents: { email: true } });
});
afterEach(() => h.close());

const topics = { topics: [{ id: 'newsletter', name: 'Newsletter', channels: ['email'] }, { id: 'offers', name: 'Offers', channels: ['email', 'sms'] }] };

describe('topics in the settings', () => {
  it('are saved and read back; none at first', async () => {
    expect((await h.call('GET', '/settings/topics')).body).toEqual({ topics: [] });
    expect((await h.call('PUT', '/settings/topics', topics)).status).toBe(200);
    expect((await h.call('GET', '/settings/topics')).body).toEqual(topics);
  });

  it('a topic twice or without a channel is refused at its path, and nothing is saved', async () => {
    const twice = await h.call('PUT', '/settings/topics', { topics: [topics.topics[0], { ...topics.topics[1], id: 'newsletter' }] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.issues[0].path).toEqual(['topics', 1, 'id']);
    const empty = await h.call('PUT', '/settings/topics', { topics: [{ id: 'x', name: 'X', channels: [] }] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues[0].path).toEqual(['topics', 0, 'channels']);
    expect((await h.call('GET', '/settings/topics')).body).toEqual({ topics: [] });
  });
});

describe("a contact's preferences over the API", () => {
  beforeEach(async () => {
    await h.call('PUT', '/settings/topics', topics);
  });

  it('are saved, and each change goes into the consent history with the source api', async () => {
    h.clock.advance(1000);
    const put = await h.call('PUT', '/contacts/zoe/preferences', { topics: { offers: { sms: false } }, frequency: 'weekly' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ topics: { offers: { sms: false } }, frequency: 'weekly' });
    // Saying the same again changes nothing, and records nothing.
    await h.call('PUT', '/contacts/zoe/preferences', { topics: { offers: { sms: false } }, frequency: 'weekly' });
    const history = await h.call('GET', '/contacts/zoe/consents');
    const at = new Date(START + 1000).toISOString();
    expect(history.body.preferences).toEqual({ topics: { offers: { sms: false } }, frequency: 'weekly' });
    expect(history.body.preferenceChanges).toEqual([
      { topic: 'offers', channel: 'sms', granted: false, frequency: null, source: 'api', at },
      { topic: null, channel: null, granted: null, frequency: 'weekly', source: 'api', at },
    ]);
    // The data-rights export carries them too.
    expect((await h.call('GET', '/contacts/zoe/export')).body.consents.preferenceChanges).toHaveLength(2);
  });

  it('an unknown topic, a channel the topic is not on, or an unknown frequency is a 400 at its path; nothing is written', async () => {
    const unknown = await h.call('PUT', '/contacts/zoe/preferences', { topics: { gossip: { email: false } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toEqual(['topics', 'gossip']);
    const offChannel = await h.call('PUT', '/contacts/zoe/preferences', { topics: { newsletter: { sms: false } } });
    expect(offChannel.status).toBe(400);
    expect(offChannel.body.error.issues[0].path).toEqual(['topics', 'newsletter', 'sms']);
    const frequency = await h.call('PUT', '/contacts/zoe/preferences', { frequency: 'hourly' });
    expect(frequency.status).toBe(400);
    expect(frequency.body.error.issues[0].path).toEqual(['frequency']);
    expect((await h.call('GET', '/contacts/zoe/consents')).body.preferenceChanges).toEqual([]);
  });

  it('are 404 for an unknown contact', async () => {
    expect((await h.call('GET', '/contacts/nobody/preferences')).status).toBe(404);
    expect((await h.call('PUT', '/contacts/nobody/preferences', { frequency: 'daily' })).status).toBe(404);
  });
});
