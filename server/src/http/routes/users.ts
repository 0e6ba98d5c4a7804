import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EmailSchema, PasswordSchema, RoleSchema, UserListSchema, UserSchema, type Role } from '@parcours/shared';
import { createUser, findUser, listUsers, updateUser, userInfo, type UserRow } from '../../store/users.ts';
import { Conflict, NotFound } from '../../domain/errors.ts';
import { hashPassword } from '../../people/passwords.ts';
import { audited, type AuditNote } from '../audit.ts';
import type { AppDeps, AppEnv } from '../context.ts';
import { body, errors, json } from './common.ts';

const tags = ['users'];

const NewUserSchema = z.object({ email: EmailSchema, role: RoleSchema, password: PasswordSchema }).strict().openapi('NewUser');
const UserChangeSchema = z
  .object({ role: RoleSchema.optional(), active: z.boolean().optional() })
  .strict()
  .refine((change) => change.role !== undefined || change.active !== undefined, 'give a role or active')
  .openapi('UserChange');
const UserIdParam = z.object({ id: z.string().min(1).openapi({ param: { name: 'id', in: 'path' } }) });

/** The audit entry of a change to a user: a role change, or their deactivation or reactivation (with any role change). */
function userChangeNote(before: UserRow, change: { role?: Role; active?: boolean }): AuditNote | undefined {
  const roleChanged = change.role !== undefined && change.role !== before.role;
  const activeChanged = change.active !== undefined && change.active !== before.active;
  if (!roleChanged && !activeChanged) return undefined;
  const action = activeChanged ? (change.active ? 'user.enable' : 'user.disable') : 'user.role_change';
  return {
    action,
    target: { type: 'user', id: before.id },
    change: { email: before.email, ...(roleChanged ? { role: { from: before.role, to: change.role! } } : {}) },
  };
}

/** The people of the workspace, managed by admins. */
export function userRoutes(app: OpenAPIHono<AppEnv>, { db, clock }: AppDeps): void {
  app.openapi(
    createRoute({ method: 'get', path: '/users', tags, responses: { 200: json(UserListSchema, 'every user, deactivated ones included') } }),
    (c) => c.json({ items: listUsers(db).map(userInfo) }, 200),
  );
  app.openapi(
    createRoute({
      method: 'post',
      path: '/users',
      tags,
      summary: 'Create a user with a role and a first password (they may change it with a reset link)',
      request: body(NewUserSchema),
      responses: { 201: json(UserSchema, 'created'), ...errors(400, 409) },
    }),
    async (c) => {
      const { email, role, password } = c.req.valid('json');
      const passwordHash = await hashPassword(password);
      const user = audited(
        c,
        { db, clock },
        (created) => created && { action: 'user.create', target: { type: 'user', id: created.id }, change: { email: created.email, role } },
        () => createUser(db, { email, role, passwordHash }, clock.now()),
      );
      if (!user) throw new Conflict(`a user with the email ${email} exists already`);
      return c.json(userInfo(user), 201);
    },
  );
  app.openapi(
    createRoute({
      method: 'patch',
      path: '/users/{id}',
      tags,
      summary: "Change a user's role, or deactivate them (which ends their sessions) or activate them again",
      request: { params: UserIdParam, ...body(UserChangeSchema) },
      responses: { 200: json(UserSchema, 'changed'), ...errors(400, 404, 409) },
    }),
    (c) => {
      const { id } = c.req.valid('param');
      const caller = c.get('caller');
      // An admin who demoted or deactivated themselves could leave the workspace without one.
      if (caller.kind === 'user' && caller.user.id === id) throw new Conflict('you cannot change your own role or deactivate yourself: ask another admin');
      const change = c.req.valid('json');
      const before = findUser(db, id);
      if (!before) throw new NotFound(`user ${id}`);
      const user = audited(c, { db, clock }, userChangeNote(before, change), () => updateUser(db, id, change));
      if (!user) throw new NotFound(`user ${id}`);
      return c.json(userInfo(user), 200);
    },
  );
}
