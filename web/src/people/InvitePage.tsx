import { useState } from 'react';
import type { Session } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { AuthCard, FormError } from './AuthCard.tsx';
import { PasswordFields, passwordReady } from './PasswordFields.tsx';
import { useSubmit } from './useSubmit.ts';

/** An invitation's one-time link: the invited person chooses their name and password, and is signed in with the role they were given. */
export function InvitePage(props: { token: string; onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, busy, error } = useSubmit(async () => {
    const session = await api.acceptInvitation(props.token, name.trim(), password);
    navigate({ page: 'scenarios' });
    props.onSignedIn(session);
  });
  return (
    <AuthCard onSubmit={submit}>
      <h1>{t('invite.accept.title')}</h1>
      <p className="muted">{t('invite.accept.intro')}</p>
      <div className="field">
        <label htmlFor="invite-name">{t('invite.accept.name')}</label>
        <input id="invite-name" type="text" autoComplete="name" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
      <PasswordFields value={password} repeat={repeat} onChange={setPassword} onRepeat={setRepeat} />
      <FormError error={error} />
      <button type="submit" className="primary" disabled={!name.trim() || !passwordReady(password, repeat) || busy}>
        {t('invite.accept.submit')}
      </button>
    </AuthCard>
  );
}
