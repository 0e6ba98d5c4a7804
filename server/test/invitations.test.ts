import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, count } from 'drizzle-orm';
import { auditLog, invitations, users } from '../src/db/schema.ts';
import type { AccountMessage } from '../src/people/mail.ts';
import { INVITATION_TTL_MS } from '../src/store/invitations.ts';
import { harness, type Harness } from './helpers.ts';
import { makeUser, PASSWORD, send, signIn } from './people-helpers.ts';

let h: Harness;
let mail: AccountMessage[];
beforeEach(() => {
  mail = [];
  h = harness(undefined, { accountMail: async (m) => void mail.push(m), publicUrl: 'https://parcours.example.com' });
});
afterEach(() => h.close());

const NEWCOMER = 'Newcomer@Example.com';
const invite = (email = NEWCOMER, role = 'publisher') => h.call('POST', '/invitations', { email, role });
/** The token of the last link mailed (the link ends with it). */
const lastToken = () => mail.at(-1)!.text.match(/https:\/\/parcours\.example\.com\/#\/invite\/([\w-]+)/)![1];
const accept = (token: string, name = 'Nina Newcomer', password = PASSWORD) => send(h, 'POST', '/auth/invitation', { token, name, password }, {});
const auditActions = () => h.db.select({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.id)).all().map((r) => r.action);
const counts = () => ({
  users: h.db.select({ n: count() }).from(users).get()!.n,
  invitations: h.db.select({ n: count() }).from(invitations).get()!.n,
  audit: h.db.select({ n: count() }).from(auditLog).get()!.n,
});

describe('invitations', () => {
  it('mails a one-time link with which the invitee chooses a name and password, gets the role and is signed in', async () => {
    const invited = await invite();
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email: 'newcomer@example.com', role: 'publisher', invitedBy: 'admin', expired: false });
    expect(Date.parse(invited.body.expiresAt) - h.clock.now()).toBe(INVITATION_TTL_MS);
    expect(mail).toHaveLength(1);
    expect(mail[0].to).toBe('newcomer@example.com');
    // No workspace language: the message speaks both.
    expect(mail[0].text).toContain('as publisher');
    expect(mail[0].text).toContain('comme publieur');
    expect((await h.call('GET', '/invitations')).body.items.map((i: { email: string }) => i.email)).toEqual(['newcomer@example.com']);

    const token = lastToken();
    const accepted = await accept(token);
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'newcomer@example.com', role: 'publisher', name: 'Nina Newcomer', active: true });
    expect(accepted.headers.get('set-cookie')).toMatch(/^parcours_session=[\w-]{40,};.*HttpOnly/);
    // The link works once, and the invitation is no longer pending.
    const again = await accept(token, 'Someone Else', 'another long passphrase');
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('invalid_token');
    expect((await h.call('GET', '/invitations')).body.items).toEqual([]);
    // The password chosen signs them in with the invited role.
    const browser = await signIn(h, 'newcomer@example.com');
    expect((await browser.call('GET', '/auth/session')).body.user.role).toBe('publisher');
  });

  it('keeps only a hash of the link', async () => {
    await invite();
    const stored = JSON.stringify(h.db.select().from(invitations).all());
    expect(stored).not.toContain(lastToken());
  });

  it('expires; resending sends a new link with a new expiry and the old link stops working', async () => {
    const { body } = await invite();
    const first = lastToken();
    h.clock.advance(INVITATION_TTL_MS);
    expect((await accept(first)).status).toBe(400);
    expect((await h.call('GET', '/invitations')).body.items[0]).toMatchObject({ id: body.id, expired: true });

    const resent = await h.call('POST', `/invitations/${body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ expired: false, sentAt: new Date(h.clock.now()).toISOString() });
    expect(mail).toHaveLength(2);
    const second = lastToken();
    expect(second).not.toBe(first);
    expect((await accept(first)).status).toBe(400);
    expect((await accept(second)).status).toBe(201);
  });

  it('is revoked: the link stops working and the invitation leaves the list', async () => {
    const { body } = await invite();
    expect((await h.call('DELETE', `/invitations/${body.id}`)).status).toBe(204);
    expect((await accept(lastToken())).status).toBe(400);
    expect((await h.call('GET', '/invitations')).body.items).toEqual([]);
    expect((await h.call('DELETE', `/invitations/${body.id}`)).status).toBe(404);
    expect((await h.call('POST', `/invitations/${body.id}/resend`)).status).toBe(404);
  });

  it('refuses an email with an account or a pending invitation, and bad input with the field path, writing nothing', async () => {
    await makeUser(h, 'editor');
    await invite();
    const before = counts();
    const member = await invite('editor@example.com');
    expect(member.status).toBe(409);
    const twice = await invite(NEWCOMER, 'viewer');
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/resend/);
    const badRole = await h.call('POST', '/invitations', { email: 'x@example.com', role: 'owner' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.error.issues[0].path).toEqual(['role']);
    const badEmail = await h.call('POST', '/invitations', { email: 'not an email', role: 'viewer' });
    expect(badEmail.body.error.issues[0].path).toEqual(['email']);
    const shortPassword = await accept(lastToken(), 'Nina', 'short');
    expect(shortPassword.status).toBe(400);
    expect(shortPassword.body.error.issues[0].path).toEqual(['password']);
    const noName = await accept(lastToken(), '   ');
    expect(noName.body.error.issues[0].path).toEqual(['name']);
    expect(counts()).toEqual(before);
    expect(mail).toHaveLength(1);
    // The link still works after those refusals.
    expect((await accept(lastToken())).status).toBe(201);
  });

  it('keeps the invitation when an account was made for the email meanwhile', async () => {
    await invite();
    await makeUser(h, 'viewer', 'newcomer@example.com');
    const refused = await accept(lastToken());
    expect(refused.status).toBe(409);
    expect((await h.call('GET', '/invitations')).body.items).toHaveLength(1);
  });

  it('records one audit entry per invitation, resend and revoke; accepting creates the user and signs them in', async () => {
    const { body } = await invite();
    expect(auditActions()).toEqual(['user.invite']);
    await h.call('POST', `/invitations/${body.id}/resend`);
    expect(auditActions()).toEqual(['user.invite', 'user.invite_resend']);
    await accept(lastToken());
    expect(auditActions().slice(2)).toEqual(['user.create', 'auth.login']);
    const created = h.db.select().from(auditLog).orderBy(asc(auditLog.id)).all()[2];
    expect(created).toMatchObject({ actorKind: 'user', actorLabel: 'newcomer@example.com', change: { email: 'newcomer@example.com', role: 'publisher', invitation: body.id, invitedBy: 'admin' } });
    expect(JSON.stringify(h.db.select().from(auditLog).all())).not.toContain(PASSWORD);

    const other = await invite('other@example.com', 'viewer');
    await h.call('DELETE', `/invitations/${other.body.id}`);
    expect(auditActions().slice(4)).toEqual(['user.invite', 'user.invite_revoke']);
    // Refused and no-op changes and reads write nothing.
    await h.call('DELETE', `/invitations/${other.body.id}`);
    await invite('newcomer@example.com');
    await h.call('GET', '/invitations');
    expect(auditActions()).toHaveLength(6);
  });

  it('is for admins only', async () => {
    await makeUser(h, 'publisher');
    const browser = await signIn(h, 'publisher@example.com');
    expect((await browser.call('POST', '/invitations', { email: 'x@example.com', role: 'viewer' })).status).toBe(403);
    expect((await browser.call('GET', '/invitations')).status).toBe(403);
  });
});
