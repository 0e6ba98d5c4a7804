import { describe, expect, it } from 'vitest';
import { ChannelConfigError, loadChannelConfig } from '../../src/channels/index.ts';

function issuesOf(env: Record<string, string>): ChannelConfigError['issues'] {
  try {
    loadChannelConfig(env);
  } catch (error) {
    if (error instanceof ChannelConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a configuration error');
}

const SMTP = {
  PARCOURS_SMTP_HOST: 'smtp.example.test',
  PARCOURS_FROM: 'Parcours <news@example.test>',
  PARCOURS_PUBLIC_URL: 'https://parcours.example.test',
  PARCOURS_UNSUBSCRIBE_SECRET: 's'.repeat(32),
};

describe('loadChannelConfig', () => {
  it('sandboxes every channel when nothing is configured, with a random secret', () => {
    const a = loadChannelConfig({});
    const b = loadChannelConfig({ PARCOURS_SMTP_HOST: '' });
    // No public URL configured: links use the address the server listens on (main.ts), never a fixed localhost:3000.
    expect(a.publicUrl).toBeUndefined();
    expect(a).toMatchObject({
      email: { mode: 'sandbox' },
      sms: { mode: 'sandbox' },
      push: { mode: 'sandbox' },
      webhook: { mode: 'sandbox' },
      http: { allow: [], timeoutMs: 10_000 },
      delivery: { concurrency: { email: 8, sms: 4, push: 8, webhook: 16, task: 4 }, perHost: 4, rateLimits: {}, retry: { attempts: 4 } },
      unsubscribe: { ttlDays: 90 },
    });
    expect(b.email.mode).toBe('sandbox');
    expect(a.unsubscribe.secret).toHaveLength(43);
    expect(a.unsubscribe.secret).not.toBe(b.unsubscribe.secret);
  });

  it('reads SMTP, providers, webhooks and HTTP settings', () => {
    const config = loadChannelConfig({
      ...SMTP,
      PARCOURS_SMTP_PORT: '465',
      PARCOURS_SMTP_USER: 'u',
      PARCOURS_SMTP_PASS: 'p',
      PARCOURS_SMS_URL: 'https://sms.example.test/send',
      PARCOURS_SMS_HEADERS: '{"Authorization": "Bearer k"}',
      PARCOURS_PUSH_URL: 'https://push.example.test/',
      PARCOURS_PUSH_METHOD: 'PUT',
      PARCOURS_WEBHOOKS: 'live',
      PARCOURS_HTTP_ALLOW: '10.0.0.0/8, crm.internal ,::1',
      PARCOURS_HTTP_TIMEOUT_MS: '5000',
      PARCOURS_DELIVERY_ATTEMPTS: '2',
    });
    expect(config).toMatchObject({
      email: { mode: 'smtp', from: 'Parcours <news@example.test>', smtp: { host: 'smtp.example.test', port: 465, secure: true, user: 'u', pass: 'p' } },
      sms: { mode: 'http', provider: { url: 'https://sms.example.test/send', method: 'POST', headers: { Authorization: 'Bearer k' } } },
      push: { mode: 'http', provider: { method: 'PUT', headers: {} } },
      webhook: { mode: 'http' },
      http: { allow: ['10.0.0.0/8', 'crm.internal', '::1'], timeoutMs: 5000 },
      delivery: { retry: { attempts: 2 } },
      unsubscribe: { secret: SMTP.PARCOURS_UNSUBSCRIBE_SECRET },
    });
  });

  it('takes an SMTP URL as it is', () => {
    expect(loadChannelConfig({ ...SMTP, PARCOURS_SMTP_HOST: '', PARCOURS_SMTP_URL: 'smtps://u:p@mail.example.test' }).email).toEqual({
      mode: 'smtp',
      smtp: { url: 'smtps://u:p@mail.example.test' },
      from: SMTP.PARCOURS_FROM,
    });
  });

  it('names what real mail is missing', () => {
    expect(issuesOf({ PARCOURS_SMTP_HOST: 'smtp.example.test' })).toEqual([
      { variable: 'PARCOURS_FROM', message: 'required when SMTP is configured' },
      { variable: 'PARCOURS_PUBLIC_URL', message: 'required when SMTP is configured' },
      { variable: 'PARCOURS_UNSUBSCRIBE_SECRET', message: 'required when SMTP is configured' },
    ]);
    expect(issuesOf({ ...SMTP, PARCOURS_FROM: 'nobody' })).toEqual([
      { variable: 'PARCOURS_FROM', message: '"nobody" is not a sender address such as "Parcours <news@example.com>"' },
    ]);
  });

  it('names each malformed variable', () => {
    const issues = issuesOf({
      PARCOURS_PUBLIC_URL: 'ftp://x',
      PARCOURS_UNSUBSCRIBE_SECRET: 'short',
      PARCOURS_SMTP_PORT: 'abc',
      PARCOURS_SMS_HEADERS: '{"a": 1}',
      PARCOURS_PUSH_HEADERS: 'not json',
      PARCOURS_WEBHOOKS: 'yes',
      PARCOURS_HTTP_TIMEOUT_MS: '10',
    });
    expect(issues.map((i) => i.variable).sort()).toEqual([
      'PARCOURS_HTTP_TIMEOUT_MS',
      'PARCOURS_PUBLIC_URL',
      'PARCOURS_PUSH_HEADERS',
      'PARCOURS_SMS_HEADERS',
      'PARCOURS_SMTP_PORT',
      'PARCOURS_UNSUBSCRIBE_SECRET',
      'PARCOURS_WEBHOOKS',
    ]);
    expect(issues.find((i) => i.variable === 'PARCOURS_PUSH_HEADERS')?.message).toBe('must be a JSON object of header names to values');
  });

  it('reads the delivery lanes, rate limits and retries, over the defaults', () => {
    const config = loadChannelConfig({
      PARCOURS_DELIVERY_CONCURRENCY: 'email:2, webhook:32',
      PARCOURS_DELIVERY_PER_HOST: '3',
      PARCOURS_RATE_LIMIT: 'sms:10,push:0.5',
      PARCOURS_DELIVERY_ATTEMPTS: '6',
      PARCOURS_RETRY_MIN_DELAY_MS: '1000',
      PARCOURS_RETRY_MAX_DELAY_MS: '60000',
    });
    expect(config.delivery).toEqual({
      concurrency: { email: 2, sms: 4, push: 8, webhook: 32, task: 4 },
      perHost: 3,
      rateLimits: { sms: 10, push: 0.5 },
      retry: { attempts: 6, minDelayMs: 1000, maxDelayMs: 60_000 },
      claimMs: 300_000,
    });
  });

  it('refuses bad delivery settings at start, naming the variable and the entry', () => {
    expect(issuesOf({ PARCOURS_DELIVERY_CONCURRENCY: 'email:8,fax:2' })).toEqual([
      {
        variable: 'PARCOURS_DELIVERY_CONCURRENCY',
        message: '"fax:2" is not channel:amount with a channel among email, sms, push, webhook, task and an integer of at least 1',
      },
    ]);
    for (const value of ['email:0', 'email:2.5', 'email', 'email:', 'email:8:9', 'email:many']) {
      expect(issuesOf({ PARCOURS_DELIVERY_CONCURRENCY: value }).map((i) => i.variable), value).toEqual(['PARCOURS_DELIVERY_CONCURRENCY']);
    }
    expect(issuesOf({ PARCOURS_RATE_LIMIT: 'sms:-1' }).map((i) => i.variable)).toEqual(['PARCOURS_RATE_LIMIT']);
    expect(issuesOf({ PARCOURS_DELIVERY_CLAIM_MS: '10000' })).toEqual([
      { variable: 'PARCOURS_DELIVERY_CLAIM_MS', message: 'must be longer than one try, PARCOURS_HTTP_TIMEOUT_MS (10000)' },
    ]);
    expect(issuesOf({ PARCOURS_DELIVERY_PER_HOST: '0' }).map((i) => i.variable)).toEqual(['PARCOURS_DELIVERY_PER_HOST']);
    expect(issuesOf({ PARCOURS_RETRY_MIN_DELAY_MS: '5000', PARCOURS_RETRY_MAX_DELAY_MS: '1000' })).toEqual([
      { variable: 'PARCOURS_RETRY_MAX_DELAY_MS', message: 'must be at least PARCOURS_RETRY_MIN_DELAY_MS (5000)' },
    ]);
  });

  it('checks the allow-list and the provider body templates at start-up', () => {
    expect(
      issuesOf({
        PARCOURS_HTTP_ALLOW: '10.0.0.0/8,not a host!',
        PARCOURS_SMS_URL: 'https://sms.example.test',
        PARCOURS_SMS_BODY: '{"to": "{{ phone }}"}',
        PARCOURS_PUSH_URL: 'https://push.example.test',
        PARCOURS_PUSH_BODY: '{"token": {{ token }}}',
      }),
    ).toEqual([
      { variable: 'PARCOURS_HTTP_ALLOW', message: '"not a host!" is not a host name, an IP address or a CIDR range' },
      {
        variable: 'PARCOURS_SMS_BODY',
        message: 'PARCOURS_SMS_BODY, line 1, column 12: undefined variable: phone (fields: to, text)',
      },
      { variable: 'PARCOURS_PUSH_BODY', message: expect.stringMatching(/^PARCOURS_PUSH_BODY: the rendered text is not valid JSON/) },
    ]);
  });

  it('reads feedback providers with their mapping defaults, and refuses a short secret or a bad name', () => {
    const config = loadChannelConfig({ PARCOURS_FEEDBACK_PROVIDERS: JSON.stringify({ mailer: { secret: 'x'.repeat(16), fields: { messageId: 'data.msg' } } }) });
    expect(config.feedback?.mailer).toMatchObject({ toleranceSeconds: 300, fields: { deliveryId: 'id', messageId: 'data.msg' }, hardBounces: ['hard', 'permanent'] });
    expect(issuesOf({ PARCOURS_FEEDBACK_PROVIDERS: '{"mailer": {"secret": "short"}}' })).toEqual([{ variable: 'PARCOURS_FEEDBACK_PROVIDERS', message: 'must be at least 16 characters' }]);
    expect(issuesOf({ PARCOURS_FEEDBACK_PROVIDERS: JSON.stringify({ 'Bad Name': { secret: 'x'.repeat(16) } }) }).map((i) => i.variable)).toEqual(['PARCOURS_FEEDBACK_PROVIDERS']);
    expect(issuesOf({ PARCOURS_FEEDBACK_PROVIDERS: 'not json' })[0].message).toMatch(/^must be a JSON object of provider names/);
  });
});
