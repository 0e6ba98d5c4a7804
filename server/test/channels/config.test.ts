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
    expect(a).toMatchObject({
      publicUrl: 'http://localhost:3000',
      email: { mode: 'sandbox' },
      sms: { mode: 'sandbox' },
      push: { mode: 'sandbox' },
      webhook: { mode: 'sandbox' },
      http: { allow: [], timeoutMs: 10_000 },
      retry: { attempts: 4 },
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
      retry: { attempts: 2 },
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
});
