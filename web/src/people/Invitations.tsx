import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type Invitation, type Role } from '@parcours/shared';
import { api } from '../api/client.ts';
import { describeError } from '../api/errors.ts';
import { useTranslation } from '../i18n/index.ts';
import { formatWhen } from '../ui/format.ts';
import { QueryStatus } from '../ui/QueryStatus.tsx';
import { EmailRoleFields } from './EmailRoleFields.tsx';
import { ConfirmButton } from '../ui/ConfirmButton.tsx';

const INVITATIONS = ['invitations'];

/** Admins invite a person by email with a role; the person chooses their own password through the link they get. */
export function InviteForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [sent, setSent] = useState<string | null>(null);
  const invite = useMutation({
    mutationFn: () => api.invite({ email: email.trim(), role }),
    onSuccess: (invitation) => {
      setSent(invitation.email);
      setEmail('');
      void queryClient.invalidateQueries({ queryKey: INVITATIONS });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSent(null);
    invite.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="invite-title">
      <h2 id="invite-title">{t('invite.form.title')}</h2>
      <p className="muted">{t('invite.form.intro')}</p>
      <EmailRoleFields idPrefix="invite" email={email} role={role} onEmail={setEmail} onRole={setRole} />
      {invite.error && <div className="callout error">{describeError(invite.error)}</div>}
      {sent && (
        <div className="callout ok" role="status">
          {t('invite.form.sent', { email: sent })}
        </div>
      )}
      <button type="submit" className="primary" disabled={!email.trim() || invite.isPending}>
        {t('invite.form.submit')}
      </button>
    </form>
  );
}

/** The invitations not accepted yet: when each link expires, and resending or revoking it. */
export function PendingInvitations() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invitations = useQuery({ queryKey: INVITATIONS, queryFn: api.invitations });
  const refresh = () => queryClient.invalidateQueries({ queryKey: INVITATIONS });
  const resend = useMutation({ mutationFn: (id: string) => api.resendInvitation(id), onSuccess: refresh });
  const revoke = useMutation({ mutationFn: (id: string) => api.revokeInvitation(id), onSuccess: refresh });
  const failure = resend.error ?? revoke.error;
  return (
    <section aria-labelledby="pending-title">
      <h2 id="pending-title">{t('invite.pending.title')}</h2>
      {failure && <div className="callout error">{describeError(failure)}</div>}
      <QueryStatus query={invitations} />
      {invitations.data && invitations.data.items.length === 0 && <p className="muted">{t('invite.pending.none')}</p>}
      {invitations.data && invitations.data.items.length > 0 && (
        <table className="table" data-testid="invitations">
          <thead>
            <tr>
              <th>{t('invite.pending.column.email')}</th>
              <th>{t('invite.pending.column.role')}</th>
              <th>{t('invite.pending.column.link')}</th>
              <th aria-label={t('common.actions')} />
            </tr>
          </thead>
          <tbody>
            {invitations.data.items.map((i: Invitation) => (
              <tr key={i.id}>
                <td>
                  {i.email}
                  {i.invitedBy && <div className="muted">{t('invite.pending.by', { who: i.invitedBy })}</div>}
                </td>
                <td>{t(`people.role.${i.role}`)}</td>
                <td className={i.expired ? 'danger' : ''}>{i.expired ? t('invite.pending.expired', { when: formatWhen(i.expiresAt) }) : t('invite.pending.expires', { when: formatWhen(i.expiresAt) })}</td>
                <td className="actions">
                  <button type="button" className="link" disabled={resend.isPending} onClick={() => resend.mutate(i.id)}>
                    {t('invite.pending.resend')}
                  </button>
                  <ConfirmButton question={t('invite.pending.revokeConfirm', { email: i.email })} onConfirm={() => revoke.mutate(i.id)} disabled={revoke.isPending}>
                    {t('invite.pending.revoke')}
                  </ConfirmButton>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
