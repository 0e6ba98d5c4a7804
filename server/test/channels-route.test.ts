import { afterEach, describe, expect, it } from 'vitest';
import { createChannels, loadChannelConfig } from '../src/channels/index.ts';
import { harness, INGEST_KEY, type Harness } from './helpers.ts';
import { SECRET } from './channels/fixtures.ts';

let h: Harness | undefined;
afterEach(() => h?.close());

describe('GET /api/settings/channels', () => {
  it('says every channel is in the sandbox when nothing is configured', async () => {
    h = harness(undefined, { channels: () => createChannels(loadChannelConfig({})) });
    const res = await h.call('GET', '/settings/channels');
    expect(res.status).toBe(200);
    expect(res.body.channels).toEqual([
      { channel: 'email', mode: 'sandbox', destination: null },
      { channel: 'sms', mode: 'sandbox', destination: null },
      { channel: 'push', mode: 'sandbox', destination: null },
      { channel: 'webhook', mode: 'sandbox', destination: null },
      { channel: 'task', mode: 'sandbox', destination: null },
    ]);
    const names = res.body.variables.map((v: { name: string }) => v.name);
    expect(names).toContain('PARCOURS_SMTP_URL');
    expect(names).toContain('PARCOURS_SMS_URL');
    expect(res.body.variables.every((v: { description: string }) => v.description.length > 0)).toBe(true);
    expect(res.body.feedbackProviders).toEqual([]);
  });

  it('names the feedback providers that report back, never their secrets', async () => {
    const secret = 'FeedbackS3cret-0123456789abcdef0123';
    h = harness(undefined, { channels: () => createChannels(loadChannelConfig({ PARCOURS_FEEDBACK_PROVIDERS: JSON.stringify({ mailer: { secret } }) })) });
    const res = await h.call('GET', '/settings/channels');
    expect(res.body.feedbackProviders).toEqual(['mailer']);
    expect(JSON.stringify(res.body)).not.toContain(secret);
  });

  it('names the hosts of real transports and never their credentials, paths or headers', async () => {
    const env = {
      PARCOURS_SMTP_URL: 'smtps://mailer:Sup3rS3cretPw@smtp.example.com:465',
      PARCOURS_FROM: 'Parcours <news@example.com>',
      PARCOURS_PUBLIC_URL: 'https://parcours.example.com',
      PARCOURS_UNSUBSCRIBE_SECRET: SECRET,
      PARCOURS_SMS_URL: 'https://api.sms.example/v1/send?token=QueryTok3n',
      PARCOURS_SMS_HEADERS: '{"authorization":"Bearer HeaderTok3n"}',
      PARCOURS_PUSH_URL: 'https://push.example:8443/send',
      PARCOURS_WEBHOOKS: 'live',
      PARCOURS_TASKS_URL: 'https://tasks.example/api/tasks?key=TaskK3y',
      PARCOURS_TASKS_HEADERS: '{"authorization":"Bearer TaskHeaderTok3n"}',
    };
    h = harness(undefined, { channels: () => createChannels(loadChannelConfig(env)) });
    const res = await h.call('GET', '/settings/channels');
    expect(res.status).toBe(200);
    expect(res.body.channels).toEqual([
      { channel: 'email', mode: 'smtp', destination: 'smtp.example.com:465' },
      { channel: 'sms', mode: 'http', destination: 'api.sms.example' },
      { channel: 'push', mode: 'http', destination: 'push.example:8443' },
      { channel: 'webhook', mode: 'http', destination: null },
      { channel: 'task', mode: 'http', destination: 'tasks.example' },
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of ['Sup3rS3cretPw', 'mailer', 'QueryTok3n', 'HeaderTok3n', SECRET, '/v1/send', 'TaskK3y', 'TaskHeaderTok3n', '/api/tasks']) expect(text).not.toContain(secret);
  });

  it('gives SMTP set by parts as host and port, without user or password', async () => {
    const env = {
      PARCOURS_SMTP_HOST: 'mail.internal.example',
      PARCOURS_SMTP_USER: 'bob',
      PARCOURS_SMTP_PASS: 'PartsPassw0rd',
      PARCOURS_FROM: 'news@example.com',
      PARCOURS_PUBLIC_URL: 'https://parcours.example.com',
      PARCOURS_UNSUBSCRIBE_SECRET: SECRET,
    };
    h = harness(undefined, { channels: () => createChannels(loadChannelConfig(env)) });
    const res = await h.call('GET', '/settings/channels');
    expect(res.body.channels[0]).toEqual({ channel: 'email', mode: 'smtp', destination: 'mail.internal.example:587' });
    expect(JSON.stringify(res.body)).not.toContain('PartsPassw0rd');
  });

  it('is for admins only, and documented in the OpenAPI document', async () => {
    h = harness(undefined, { channels: () => createChannels(loadChannelConfig({})) });
    expect((await h.call('GET', '/settings/channels', undefined, INGEST_KEY)).status).toBe(403);
    expect((await h.call('GET', '/settings/channels', undefined, null)).status).toBe(401);
    const doc = await h.call('GET', '/openapi.json');
    expect(doc.body.paths['/settings/channels'].get.responses['200']).toBeDefined();
  });
});
