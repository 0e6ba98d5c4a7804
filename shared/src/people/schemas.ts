import { z } from 'zod';
import { RoleSchema } from './roles.ts';

const Timestamp = z.iso.datetime({ offset: true });

/** A person who signs in to the web app; the password never leaves the server, not even hashed. */
export const UserSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    role: RoleSchema,
    active: z.boolean().meta({ description: 'a deactivated user cannot sign in, and their sessions ended when they were deactivated' }),
    createdAt: Timestamp,
    name: z.string().nullable().meta({ description: 'the name an invited person gave; null for accounts made otherwise' }),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof UserSchema>;
export const UserListSchema = z.object({ items: z.array(UserSchema) });

/** The signed-in user, and the token every state-changing request made with the session cookie must carry. */
export const SessionSchema = z
  .object({
    user: UserSchema,
    csrfToken: z.string().meta({ description: 'send it back in the "X-CSRF-Token" header of every POST, PUT, PATCH and DELETE' }),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof SessionSchema>;

/** A password people choose: long enough to resist guessing, short enough to hash quickly. */
export const PasswordSchema = z.string().min(12, 'at least 12 characters').max(200);
export const EmailSchema = z.email().max(254).transform((e) => e.toLowerCase());

export const SetupStatusSchema = z.object({ needed: z.boolean().meta({ description: 'true while no user exists yet' }) });

/** An invitation an admin sent: the person it names accepts it through a one-time link (see the Users page). */
export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.email(),
    role: RoleSchema,
    invitedBy: z.string().nullable().meta({ description: "who invited: a user's email or a key's name" }),
    createdAt: Timestamp,
    sentAt: Timestamp.meta({ description: 'when the current link was sent (resending sends a new one)' }),
    expiresAt: Timestamp,
    expired: z.boolean().meta({ description: 'the link no longer works: resend it or revoke the invitation' }),
  })
  .meta({ id: 'Invitation' });
export type Invitation = z.infer<typeof InvitationSchema>;
export const InvitationListSchema = z.object({ items: z.array(InvitationSchema).meta({ description: 'oldest first' }) });
/** A person's name, as an invited person gives it. */
export const PersonNameSchema = z.string().trim().min(1, 'give a name').max(100);
