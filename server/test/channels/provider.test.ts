import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PUSH_BODY } from '../../src/channels/provider.ts';
import { createChannels, type OutboundMessage } from '../../src/channels/index.ts';
import { sendInput, testConfig } from './fixtures.ts';
import { startHttpServer, type TestHttpServer } from './servers.ts';

let provider: TestHttpServer | undefined;
afterEach(async () => {
  await provider?.close();
  provider = undefined;
});

function compose(channels: ReturnType<typeof createChannels>, channel: 'sms' | 'push', template: string): OutboundMessage {
  const result = channels.compose(sendInput({ node: `send-${channel}`, channel, template }));
  if (!result.ok) throw new Error(result.error.message);
  return result.message;
}

describe('HTTP SMS and push providers', () => {
  it('maps an SMS onto the provider body and headers', async () => {
    provider = await startHttpServer([{ status: 200, body: '{"sid": "SM123"}' }]);
    const channels = createChannels(
      testConfig({
        http: { allow: ['127.0.0.1'], timeoutMs: 500 },
        sms: {
          mode: 'http',
          provider: {
            url: `${provider.url}/v1/messages`,
            method: 'POST',
            headers: { Authorization: 'Basic c2Vj' },
            body: '{"recipient": "{{ to }}", "message": {"text": "{{ text }}"}, "sender": "Parcours"}',
          },
        },
      }),
    );
    expect(channels.modes.sms).toBe('http');
    const result = await channels.deliver(compose(channels, 'sms', 'welcome-sms'));
    expect(result).toMatchObject({ status: 'sent', statusCode: 200, providerId: 'SM123' });
    const [request] = provider.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/messages' });
    expect(request.headers.authorization).toBe('Basic c2Vj');
    expect(JSON.parse(request.body)).toEqual({
      recipient: '+33612345678',
      message: { text: 'Hi Zoe, "welcome" to Welcome series' },
      sender: 'Parcours',
    });
  });

  it('maps a push notification with the default body, and answers a provider 5xx with a retry like a webhook', async () => {
    provider = await startHttpServer([{ status: 500 }, { status: 200 }]);
    const channels = createChannels(
      testConfig({
        http: { allow: ['127.0.0.1'], timeoutMs: 500 },
        push: { mode: 'http', provider: { url: provider.url, method: 'POST', headers: {}, body: DEFAULT_PUSH_BODY } },
      }),
    );
    const message = compose(channels, 'push', 'welcome-push');
    expect(await channels.deliver(message)).toMatchObject({ status: 'retry', statusCode: 500 });
    expect(await channels.deliver(message)).toMatchObject({ status: 'sent' });
    expect(provider.requests.map((r) => JSON.parse(r.body))).toEqual([
      { token: 'device-token-1', title: 'Hi Zoe', body: 'Your plan: pro' },
      { token: 'device-token-1', title: 'Hi Zoe', body: 'Your plan: pro' },
    ]);
  });

  it('applies the SSRF guard to providers too', async () => {
    provider = await startHttpServer([{ status: 200 }]);
    const channels = createChannels(
      testConfig({ sms: { mode: 'http', provider: { url: provider.url, method: 'POST', headers: {}, body: '{"to": "{{ to }}"}' } } }),
    );
    const result = await channels.deliver(compose(channels, 'sms', 'welcome-sms'));
    expect(result).toMatchObject({ status: 'failed', detail: expect.stringMatching(/^refused: 127\.0\.0\.1 is a loopback address/) });
    expect(provider.connections).toBe(0);
  });

  it('fails, without calling the provider, when a hand-made body template is broken', async () => {
    provider = await startHttpServer([{ status: 200 }]);
    const channels = createChannels(
      testConfig({
        http: { allow: ['127.0.0.1'], timeoutMs: 500 },
        sms: { mode: 'http', provider: { url: provider.url, method: 'POST', headers: {}, body: '{"to": "{{ phone }}"}' } },
      }),
    );
    const result = await channels.deliver(compose(channels, 'sms', 'welcome-sms'));
    expect(result).toEqual({ status: 'failed', detail: 'provider body template: body, line 1, column 12: undefined variable: phone' });
    expect(provider.connections).toBe(0);
  });
});
