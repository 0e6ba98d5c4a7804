import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { EmailSchema, ErrorAnswerSchema, PasswordSchema, SessionSchema } from '@parcours/shared';
import { consumeToken, issueToken } from '../../store/account-tokens.ts';
import { closeSession } from '../../store/user-sessions.ts';
import { countUsers, createUser, findUser, findUserByEmail, setPassword, userInfo, type UserRow } from '../../store/users.ts';
import { Conflict } from '../../domain/errors.ts';
import { inTransaction } from '../../db/open.ts';
import { hashPassword, NO_USER_HASH, passwordMatches } from '../../people/passwords.ts';
import { resetMessage, type AccountMailer } from '../../people/mail.ts';
import { LoginThrottle } from '../../people/throttle.ts';
import { recordAudit, userActor } from '../audit.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { publicBase, startSession } from '../sign-in.ts';
import { ipOf } from '../client.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { ApiError, errorBody } from '../errors.ts';
import { body, errors, json } from './common.ts';

const tags = ['auth'];

const LoginSchema = z.object({ email: EmailSchema, password: z.string().min(1).max(200) }).strict().openapi('LoginRequest');
const SetupSchema = z.object({ token: z.string().min(1), email: EmailSchema, password: PasswordSchema }).strict().openapi('SetupRequest');
const ResetRequestSchema = z.object({ email: EmailSchema }).strict().openapi('ResetRequest');
const ResetSchema = z.object({ token: z.string().min(1), password: PasswordSchema }).strict().openapi('PasswordReset');

export interface AccountOptions {
  mailer: AccountMailer;
  /** PARCOURS_PUBLIC_URL: links are built on it, and the cookie is `Secure` when it is https. */
  publicUrl?: string;
}

export const invalidLink = () => new ApiError(400, 'invalid_token', 'this link no longer works (already used, expired or mistyped): ask for a new one');


/** Sign-in, sign-out, the first administrator's setup link and password resets. */
export function accountRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps, options: AccountOptions): void {
  const deps = { db, clock };
  /** A failed sign-in is by no one known: the email typed is kept as the label, never the password. */
  const failedSignIn = (c: Context<AppEnv>, email: string, reason: string) =>
    recordAudit(c, deps, { action: 'auth.login_failed', target: { type: 'user', id: null }, change: { email, reason } }, { kind: 'anonymous', id: null, label: email });

  const base = (c: Context) => publicBase(c, options.publicUrl);
  const throttle = new LoginThrottle(db);
  const signIn = (c: Context<AppEnv>, user: UserRow) => startSession(c, deps, options.publicUrl, user);

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/login',
      tags,
      summary: 'Sign in with email and password; sets the session cookie',
      request: body(LoginSchema),
      responses: { 200: json(SessionSchema, 'signed in'), ...errors(400, 401), 429: { ...json(ErrorAnswerSchema, 'too many failed sign-ins: wait for Retry-After seconds'), headers: { 'Retry-After': { schema: { type: 'integer' } } } } },
    }),
    async (c) => {
      const { email, password } = c.req.valid('json');
      const ip = ipOf(c);
      const wait = throttle.waitFor(email, ip, clock.now());
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        const error = new ApiError(429, 'too_many_attempts', `too many failed sign-ins: try again in ${seconds} seconds`);
        failedSignIn(c, email, 'throttled');
        return c.json(errorBody(error), 429, { 'Retry-After': String(seconds) });
      }
      const user = findUserByEmail(db, email);
      const matches = await passwordMatches(user?.passwordHash ?? NO_USER_HASH, password);
      if (!user || !matches || !user.active) {
        inTransaction(db, () => {
          throttle.fail(email, ip, clock.now());
          failedSignIn(c, email, !user || !matches ? 'wrong_credentials' : 'deactivated');
        });
        throw new ApiError(401, 'unauthorized', 'wrong email or password, or the account is deactivated');
      }
      throttle.succeeded(email);
      return c.json(signIn(c, user), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/logout',
      tags,
      summary: "Sign out: ends the session on the server and clears its cookie (with the session's CSRF token, like every change)",
      responses: { 204: { description: 'signed out' }, ...errors(401, 403) },
    }),
    (c) => {
      // The access middleware has checked the session and its CSRF token: another site cannot sign a person out.
      const caller = c.get('caller');
      if (caller.kind === 'user') {
        inTransaction(db, () => {
          // A session ended meanwhile (a second tab signing out at once) signs no one out: no entry.
          if (closeSession(db, caller.sessionId)) recordAudit(c, deps, { action: 'auth.logout', target: { type: 'user', id: caller.user.id } }, userActor(caller.user));
        });
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({ method: 'get', path: '/auth/session', tags, summary: 'Who is signed in, and the CSRF token of the session', responses: { 200: json(SessionSchema, 'the session'), ...errors(409) } }),
    (c) => {
      const caller = c.get('caller');
      if (caller.kind !== 'user') throw new Conflict('an API key has no session');
      return c.json({ user: userInfo(caller.user), csrfToken: caller.csrfToken }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/setup',
      tags,
      summary: 'Create the first administrator with the one-time setup link printed at first start; signs them in',
      request: body(SetupSchema),
      responses: { 201: json(SessionSchema, 'the first administrator, signed in'), ...errors(400, 409) },
    }),
    async (c) => {
      const { token, email, password } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const user = consumeToken(db, 'setup', token, clock.now(), () => {
        if (countUsers(db) > 0) throw new Conflict('the first administrator exists already: sign in');
        const admin = createUser(db, { email, passwordHash, role: 'admin' }, clock.now())!;
        recordAudit(c, deps, { action: 'user.create', target: { type: 'user', id: admin.id }, change: { email: admin.email, role: 'admin', setup: true } }, userActor(admin));
        return admin;
      });
      if (!user) throw invalidLink();
      return c.json(signIn(c, user), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/reset-request',
      tags,
      summary: 'Send a one-time password reset link to this email, if it has an account (the answer is the same either way)',
      request: body(ResetRequestSchema),
      responses: { 202: { description: 'sent if the account exists' }, ...errors(400) },
    }),
    async (c) => {
      const { email } = c.req.valid('json');
      const user = findUserByEmail(db, email);
      if (user?.active) {
        const token = issueToken(db, 'reset', user.id, clock.now());
        await options.mailer(resetMessage(user.email, `${base(c)}/#/reset/${token}`));
      }
      return c.body(null, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/reset',
      tags,
      summary: 'Choose a new password with a reset link; every session of the account ends',
      request: body(ResetSchema),
      responses: { 204: { description: 'password changed' }, ...errors(400) },
    }),
    async (c) => {
      const { token, password } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const done = consumeToken(db, 'reset', token, clock.now(), (userId) => {
        setPassword(db, userId!, passwordHash);
        const user = findUser(db, userId!)!;
        recordAudit(c, deps, { action: 'user.password_reset', target: { type: 'user', id: user.id }, change: { email: user.email } }, userActor(user));
        return true;
      });
      if (!done) throw invalidLink();
      return c.body(null, 204);
    },
  );
}
