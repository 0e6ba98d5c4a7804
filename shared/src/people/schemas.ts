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
