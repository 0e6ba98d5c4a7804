import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createUnsubscribeToken, unsubscribeUrl, verifyUnsubscribeToken } from '../../src/channels/index.ts';

const secret = 'another-test-secret-long-enough-abcdef';
const now = Date.parse('2025-06-01T12:00:00Z');
const claim = { contactId: 'c.with.dots', channel: 'sms' as const, expiresAt: now + 3_600_000 };

describe('unsubscribe tokens', () => {
  it('round-trip the contact, channel and expiry', () => {
    const token = createUnsubscribeToken(claim, secret);
    expect(token).toMatch(/^[\w-]+\.[\w-]+$/);
    expect(verifyUnsubscribeToken(token, secret, now)).toEqual({ ok: true, ...claim });
  });

  it('are refused with another secret, a changed payload or a cut signature', () => {
    const token = createUnsubscribeToken(claim, secret);
    const [payload, signature] = token.split('.');
    expect(verifyUnsubscribeToken(token, `${secret}x`, now)).toEqual({ ok: false, reason: 'bad_signature' });
    const other = createUnsubscribeToken({ ...claim, contactId: 'victim' }, 'attacker-secret-0123456789abcdef0123').split('.')[0];
    expect(verifyUnsubscribeToken(`${other}.${signature}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyUnsubscribeToken(`${payload}.${signature.slice(0, 20)}`, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('expire', () => {
    const token = createUnsubscribeToken(claim, secret);
    expect(verifyUnsubscribeToken(token, secret, claim.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('reject malformed input', () => {
    for (const token of ['', 'abc', 'a.b.c', '.', 'x.']) {
      expect(verifyUnsubscribeToken(token, secret, now)).toMatchObject({ ok: false });
    }
    // Correctly signed, but not a claim this server makes: refused all the same.
    const payload = Buffer.from('{"c":"x","ch":"fax","exp":9999999999}').toString('base64url');
    const signature = createHmac('sha256', secret).update(payload).digest('base64url');
    expect(verifyUnsubscribeToken(`${payload}.${signature}`, secret, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('make links under the public URL that expire after the configured days', () => {
    const url = unsubscribeUrl('c-1', 'email', { publicUrl: 'https://p.example/', secret, ttlDays: 2, now: () => now });
    expect(url).toMatch(/^https:\/\/p\.example\/u\/[\w-]+\.[\w-]+$/);
    const verified = verifyUnsubscribeToken(url.split('/u/')[1], secret, now);
    expect(verified).toEqual({ ok: true, contactId: 'c-1', channel: 'email', expiresAt: now + 2 * 86_400_000 });
  });
});
