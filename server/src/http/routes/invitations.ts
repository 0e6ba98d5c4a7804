import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EmailSchema, InvitationListSchema, InvitationSchema, PasswordSchema, PersonNameSchema, RoleSchema, SessionSchema } from '@parcours/shared';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { inTransaction } from '../../db/open.ts';
import { invitationMessage, type AccountMailer } from '../../people/mail.ts';
import { hashPassword } from '../../people/passwords.ts';
import {
  createInvitation,
  INVITATION_TTL_MS,
  invitationInfo,
  listInvitations,
  renewInvitation,
  revokeInvitation,
  takeInvitation,
  type InvitationRow,
} from '../../store/invitations.ts';
import { createUser, findUserByEmail } from '../../store/users.ts';
import { actorOf, audited, recordAudit, userActor } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { publicBase, startSession } from '../sign-in.ts';
import { invalidLink } from './auth.ts';
import { body, errors, json } from './common.ts';

const tags = ['users'];

const NewInvitationSchema = z.object({ email: EmailSchema, role: RoleSchema }).strict().openapi('NewInvitation');
const AcceptInvitationSchema = z.object({ token: z.string().min(1), name: PersonNameSchema, password: PasswordSchema }).strict().openapi('AcceptInvitation');
const InvitationIdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

const INVITATION_DAYS = INVITATION_TTL_MS / 86_400_000;

/**
 * Invitations: an admin names a person's email and role, the person gets a one-time link (mailed by SMTP when
 * configured, printed in the server log otherwise) and chooses their name and password with it.
 */
export function invitationRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps, options: { mailer: AccountMailer; publicUrl?: string }): void {
  const deps = { db, clock };
  /** Mails the link of an invitation just made or renewed (after its transaction) and answers the invitation. */
  const sendLink = async (c: Parameters<typeof publicBase>[0], { row, token }: { row: InvitationRow; token: string }) => {
    await options.mailer(invitationMessage(row, `${publicBase(c, options.publicUrl)}/#/invite/${token}`, INVITATION_DAYS));
    return invitationInfo(row, clock.now());
  };

  app.openapi(
    createRoute({ method: 'get', path: '/invitations', tags, summary: 'The invitations not accepted yet, expired ones included', responses: { 200: json(InvitationListSchema, 'pending invitations') } }),
    (c) => c.json({ items: listInvitations(db).map((row) => invitationInfo(row, clock.now())) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/invitations',
      tags,
      summary: `Invite a person with a role: they get a one-time link, valid ${INVITATION_DAYS} days, to choose their name and password`,
      request: body(NewInvitationSchema),
      responses: { 201: json(InvitationSchema, 'invited, and the link sent'), ...errors(400, 409) },
    }),
    async (c) => {
      const { email, role } = c.req.valid('json');
      const invited = audited(
        c,
        deps,
        (made) => made && { action: 'user.invite', target: { type: 'invitation', id: made.row.id }, change: { email, role } },
        () => {
          if (findUserByEmail(db, email)) throw new Conflict(`${email} has an account already`);
          return createInvitation(db, { email, role, invitedBy: actorOf(c.get('caller')).label }, clock.now());
        },
      );
      if (!invited) throw new Conflict(`${email} is invited already: resend the invitation instead`);
      return c.json(await sendLink(c, invited), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/invitations/{id}/resend',
      tags,
      summary: `Send a new link (the one sent before stops working), valid ${INVITATION_DAYS} days from now`,
      request: { params: InvitationIdParam },
      responses: { 200: json(InvitationSchema, 'sent again'), ...errors(404) },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const renewed = audited(
        c,
        deps,
        (done) => done && { action: 'user.invite_resend', target: { type: 'invitation', id }, change: { email: done.row.email } },
        () => renewInvitation(db, id, clock.now()),
      );
      if (!renewed) throw new NotFound(`invitation ${id}`);
      return c.json(await sendLink(c, renewed), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/invitations/{id}',
      tags,
      summary: 'Revoke an invitation: its link stops working',
      request: { params: InvitationIdParam },
      responses: { 204: { description: 'revoked' }, ...errors(404) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const revoked = audited(c, deps, (row) => row && { action: 'user.invite_revoke', target: { type: 'invitation', id }, change: { email: row.email } }, () => revokeInvitation(db, id));
      if (!revoked) throw new NotFound(`invitation ${id}`);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/auth/invitation',
      tags: ['auth'],
      summary: 'Accept an invitation with its one-time link: choose a name and a password; signs the new user in',
      request: body(AcceptInvitationSchema),
      responses: { 201: json(SessionSchema, 'the new user, signed in'), ...errors(400, 409) },
    }),
    async (c) => {
      const { token, name, password } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const user = inTransaction(db, () => {
        const invitation = takeInvitation(db, token, clock.now());
        if (!invitation) return undefined;
        // Throwing keeps the invitation: an admin made the account by hand meanwhile, and may revoke it.
        const made = createUser(db, { email: invitation.email, role: invitation.role, passwordHash, name }, clock.now());
        if (!made) throw new Conflict(`${invitation.email} has an account already: sign in`);
        const change = { email: made.email, role: made.role, invitation: invitation.id, invitedBy: invitation.invitedBy };
        recordAudit(c, deps, { action: 'user.create', target: { type: 'user', id: made.id }, change }, userActor(made));
        return made;
      });
      if (!user) throw invalidLink();
      return c.json(startSession(c, deps, options.publicUrl, user), 201);
    },
  );
}
