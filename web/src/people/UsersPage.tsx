import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ROLES, type Role, type User } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { PasswordFields, passwordReady } from './PasswordFields.tsx';
import { EmailRoleFields } from './EmailRoleFields.tsx';
import { useSignedInUser } from './session.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { InviteForm, PendingInvitations } from './Invitations.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

/** Admins: the people of the workspace, their roles, who may still sign in. */
export function UsersPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: ['users'], queryFn: api.users });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['users'] });
  const change = useMutation({ mutationFn: ({ id, ...c }: { id: string; role?: Role; active?: boolean }) => api.updateUser(id, c), onSuccess: refresh });
  return (
    <div className="page narrow">
      <header className="page-head">
        <h1>{t('people.users.title')}</h1>
      </header>
      <p className="muted">{t('people.users.intro')}</p>
      <InviteForm />
      <PendingInvitations />
      <NewUser onCreated={refresh} />
      {change.error && <div className="callout error">{describeError(change.error)}</div>}
      <QueryStatus query={users} />
      {users.data && (
        <table className="table" data-testid="users">
          <thead>
            <tr>
              <th>{t('people.users.column.email')}</th>
              <th>{t('people.users.column.role')}</th>
              <th>{t('people.users.column.status')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {users.data.items.map((u: User) => {
              const self = u.id === me?.id;
              return (
                <tr key={u.id} className={u.active ? '' : 'muted'}>
                  <td>
                    {u.name && <div>{u.name}</div>}
                    {u.email} {self && <span className="chip">{t('people.users.you')}</span>}
                    <div className="muted">{formatWhen(u.createdAt)}</div>
                  </td>
                  <td>
                    <select aria-label={t('people.users.roleOf', { email: u.email })} value={u.role} disabled={self} onChange={(e) => change.mutate({ id: u.id, role: e.target.value as Role })}>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`people.role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{u.active ? t('people.users.active') : t('people.users.inactive')}</td>
                  <td className="actions">
                    {!self &&
                      (u.active ? (
                        <ConfirmButton question={t('people.users.deactivateConfirm', { email: u.email })} onConfirm={() => change.mutate({ id: u.id, active: false })}>
                          {t('people.users.deactivate')}
                        </ConfirmButton>
                      ) : (
                        <button type="button" className="link" onClick={() => change.mutate({ id: u.id, active: true })}>
                          {t('people.users.activate')}
                        </button>
                      ))}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

function NewUser(props: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api.createUser({ email: email.trim(), role, password }),
    onSuccess: (user) => {
      setCreated(user.email);
      setEmail('');
      setPassword('');
      setRepeat('');
      props.onCreated();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('people.users.new')}</h2>
      <EmailRoleFields idPrefix="user" email={email} role={role} onEmail={setEmail} onRole={setRole} />
      <PasswordFields value={password} repeat={repeat} onChange={setPassword} onRepeat={setRepeat} />
      {create.error && <div className="callout error">{describeError(create.error)}</div>}
      {created && (
        <div className="callout ok" role="status">
          {t('people.users.created', { email: created })}
        </div>
      )}
      <button type="submit" className="primary" disabled={!email.trim() || !passwordReady(password, repeat) || create.isPending}>
        {t('people.users.create')}
      </button>
    </form>
  );
}
