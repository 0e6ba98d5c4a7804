import { afterEach, describe, expect, it } from 'vitest';
import { createChannels, type ChannelConfig, type OutboundMessage } from '../../src/channels/index.ts';
import { createHttpSender } from '../../src/channels/http-sender.ts';
import { parseAllowList } from '../../src/channels/ssrf-guard.ts';
import { sendInput, testConfig } from './fixtures.ts';
import { startHttpServer, type Reply, type TestHttpServer } from './servers.ts';

const servers: TestHttpServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(replies: Reply[], host?: string): Promise<TestHttpServer> {
  const started = await startHttpServer(replies, host);
  servers.push(started);
  return started;
}

const live = (http: Partial<ChannelConfig['http']> = {}) =>
  createChannels(testConfig({ webhook: { mode: 'http' }, http: { allow: ['127.0.0.1'], timeoutMs: 300, ...http } }));

function webhookTo(channels: ReturnType<typeof createChannels>, url: string, template?: string): OutboundMessage {
  const result = channels.compose(
    sendInput({
      node: 'notify-crm',
      channel: 'webhook',
      template,
      webhook: { url, method: 'POST', headers: { Authorization: 'Bearer crm', Host: 'evil.test' } },
      event: { name: 'order_placed', properties: { total: 99.5 } },
    }),
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.message;
}

describe('webhook transport', () => {
  it('answers a 503 with a retry (one try, nothing waited for), then sends with the same idempotency key', async () => {
    const crm = await server([{ status: 503, body: 'busy' }, { status: 201, body: '{"id": "crm-77"}' }]);
    const channels = live();
    const message = webhookTo(channels, `${crm.url}/hooks/orders?src=parcours`, 'order-hook');
    expect(await channels.deliver(message)).toEqual({ status: 'retry', statusCode: 503, detail: 'HTTP 503: busy' });
    expect(crm.requests).toHaveLength(1);
    const result = await channels.deliver(message);
    expect(result).toEqual({ status: 'sent', statusCode: 201, providerId: 'crm-77', detail: 'HTTP 201: {"id": "crm-77"}' });
    expect(crm.requests).toHaveLength(2);
    const [first] = crm.requests;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/hooks/orders?src=parcours');
    expect(JSON.parse(first.body)).toEqual({ customer: 'Zoe', total: 99.5 });
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.headers.authorization).toBe('Bearer crm');
    expect(first.headers.host).toBe(`127.0.0.1:${crm.port}`);
    expect(new Set(crm.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['enrolment-1:notify-crm:0']));
  });

  it('fails a 4xx at once, but answers 408 and 429 with a retry', async () => {
    const crm = await server([{ status: 400, body: 'bad payload' }, { status: 408 }, { status: 429 }]);
    const channels = live();
    const message = webhookTo(channels, crm.url);
    expect(await channels.deliver(message)).toEqual({ status: 'failed', statusCode: 400, detail: 'HTTP 400: bad payload' });
    expect(await channels.deliver(message)).toEqual({ status: 'retry', statusCode: 408, detail: 'HTTP 408' });
    expect(await channels.deliver(message)).toEqual({ status: 'retry', statusCode: 429, detail: 'HTTP 429' });
    expect(crm.requests).toHaveLength(3);
  });

  it('answers a timeout with a retry', async () => {
    const crm = await server(['hang']);
    const channels = live({ timeoutMs: 200 });
    const result = await channels.deliver(webhookTo(channels, crm.url));
    expect(result).toEqual({ status: 'retry', detail: 'timed out after 200 ms' });
    expect(crm.requests).toHaveLength(1);
  });

  it('answers a network error with a retry', async () => {
    const gone = await server([{ status: 200 }]);
    await gone.close();
    servers.length = 0;
    const channels = live();
    const result = await channels.deliver(webhookTo(channels, gone.url));
    expect(result).toEqual({ status: 'retry', detail: 'network error: ECONNREFUSED' });
  });

  it('does not follow redirects', async () => {
    const crm = await server([{ status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data' } }]);
    const channels = live();
    const result = await channels.deliver(webhookTo(channels, crm.url));
    expect(result).toEqual({ status: 'failed', statusCode: 302, detail: 'HTTP 302: redirects are not followed' });
    expect(crm.requests).toHaveLength(1);
  });

  it('sends a minimal default body when the node has no template', async () => {
    const crm = await server([{ status: 204 }]);
    const channels = live();
    expect(await channels.deliver(webhookTo(channels, crm.url))).toMatchObject({ status: 'sent', statusCode: 204 });
    expect(JSON.parse(crm.requests[0].body)).toEqual({
      contactId: 'c-42',
      scenarioId: 'welcome',
      node: 'notify-crm',
      event: { name: 'order_placed', properties: { total: 99.5 } },
    });
  });

  it('stays in the sandbox unless webhooks are switched on', async () => {
    const crm = await server([{ status: 200 }]);
    const channels = createChannels(testConfig({ http: { allow: ['127.0.0.1'], timeoutMs: 300 } }));
    expect(channels.modes.webhook).toBe('sandbox');
    expect(await channels.deliver(webhookTo(channels, crm.url))).toEqual({ status: 'sent', detail: 'sandbox', providerId: 'sandbox:7' });
    expect(crm.connections).toBe(0);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback destinations before connecting, however they are written', async () => {
    const v4 = await server([{ status: 200 }]);
    const v6 = await server([{ status: 200 }], '::1');
    const channels = live({ allow: [] });
    for (const url of [v4.url, `http://localhost:${v4.port}/`, `http://[::ffff:127.0.0.1]:${v4.port}/`, `http://2130706433:${v4.port}/`, v6.url]) {
      const result = await channels.deliver(webhookTo(channels, url));
      expect(result.status, url).toBe('failed');
      expect(result.detail, url).toMatch(/^refused: .* is a loopback address and is not allow-listed/);
    }
    expect(v4.connections).toBe(0);
    expect(v6.connections).toBe(0);
  });

  it.each([
    ['http://10.0.0.1/hook', 'private'],
    ['http://192.168.1.20/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://[fd00::1]/', 'uniqueLocal'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://[::]/', 'unspecified'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://[::ffff:10.0.0.1]/', 'private'],
  ])('refuses %s (%s) without an attempt', async (url, range) => {
    const channels = live({ allow: [] });
    const result = await channels.deliver(webhookTo(channels, url));
    expect(result).toEqual({ status: 'failed', detail: expect.stringContaining(`is a ${range} address`) });
  });

  it('refuses other schemes', async () => {
    const channels = live();
    for (const url of ['ftp://127.0.0.1/x', 'file:///etc/passwd', 'gopher://127.0.0.1:25/']) {
      const result = await channels.deliver(webhookTo(channels, url));
      expect(result).toEqual({ status: 'failed', detail: expect.stringMatching(/^refused: \w+: URLs are not allowed/) });
    }
  });

  it('refuses a host name when any of its addresses is private (no DNS-rebinding mix)', async () => {
    const send = createHttpSender({
      allow: parseAllowList([]),
      timeoutMs: 300,
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '10.1.2.3', family: 4 },
      ],
    });
    const result = await send({ url: 'http://hooks.example.test/x', method: 'POST', body: {}, idempotencyKey: 'k' });
    expect(result).toEqual({ status: 'failed', detail: expect.stringContaining('hooks.example.test (10.1.2.3) is a private address') });
  });

  it('lets an allow-listed IPv6 address through', async () => {
    const crm = await server([{ status: 200 }], '::1');
    const channels = live({ allow: ['::1'] });
    expect(await channels.deliver(webhookTo(channels, `${crm.url}/v6`))).toMatchObject({ status: 'sent' });
    expect(crm.requests[0].path).toBe('/v6');
  });

  it('lets an allow-listed CIDR through', async () => {
    const crm = await server([{ status: 200 }]);
    const channels = live({ allow: ['127.0.0.0/8'] });
    expect(await channels.deliver(webhookTo(channels, crm.url))).toMatchObject({ status: 'sent' });
    expect(crm.requests).toHaveLength(1);
  });

  it('lets an allow-listed host name through, connecting to the address it was resolved to', async () => {
    const crm = await server([{ status: 200 }]);
    let lookups = 0;
    const send = createHttpSender({
      allow: parseAllowList(['crm.internal']),
      timeoutMs: 300,
      resolve: async (host) => {
        lookups += 1;
        return host === 'crm.internal' ? [{ address: '127.0.0.1', family: 4 }] : [];
      },
    });
    // "crm.internal" exists only in the fake resolver: reaching the server proves the socket used the checked address.
    const result = await send({ url: `http://crm.internal:${crm.port}/in`, method: 'PUT', body: { a: 1 }, idempotencyKey: 'k' });
    expect(result).toMatchObject({ status: 'sent' });
    expect(lookups).toBe(1);
    expect(crm.requests[0]).toMatchObject({ method: 'PUT', path: '/in', body: '{"a":1}' });
    expect(crm.requests[0].headers.host).toBe(`crm.internal:${crm.port}`);
  });
});
