import { useState } from 'react';
import type { Session } from '@parcours/shared';
import { api } from '../api/client.ts';
import { useTranslation } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { AuthCard, FormError } from './AuthCard.tsx';
import { PasswordFields, passwordReady } from './PasswordFields.tsx';
import { useSubmit } from './useSubmit.ts';

/** The one-time setup link printed at first start: the first administrator chooses email and password. */
export function SetupPage(props: { token: string; onSignedIn: (session: Session) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const { submit, busy, error } = useSubmit(async () => {
    const session = await api.setup(props.token, email.trim(), password);
    navigate({ page: 'scenarios' });
    props.onSignedIn(session);
  });
  return (
    <AuthCard onSubmit={submit}>
      <h1>{t('people.setup.title')}</h1>
      <p className="muted">{t('people.setup.intro')}</p>
      <div className="field">
        <label htmlFor="email">{t('people.signIn.email')}</label>
        <input id="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
      </div>
      <PasswordFields value={password} repeat={repeat} onChange={setPassword} onRepeat={setRepeat} />
      <FormError error={error} />
      <button type="submit" className="primary" disabled={!email.trim() || !passwordReady(password, repeat) || busy}>
        {t('people.setup.submit')}
      </button>
    </AuthCard>
  );
}

/** A password reset link: a new password, then back to signing in. */
export function ResetPage(props: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const { submit, busy, error } = useSubmit(async () => {
    await api.resetPassword(props.token, password);
    setDone(true);
  });
  return (
    <AuthCard onSubmit={submit}>
      <h1>{t('people.reset.title')}</h1>
      {done ? (
        <>
          <div className="callout ok" role="status">
            {t('people.reset.done')}
          </div>
          <a href="#/scenarios">{t('people.forgot.back')}</a>
        </>
      ) : (
        <>
          <PasswordFields value={password} repeat={repeat} onChange={setPassword} onRepeat={setRepeat} />
          <FormError error={error} />
          <button type="submit" className="primary" disabled={!passwordReady(password, repeat) || busy}>
            {t('people.reset.submit')}
          </button>
        </>
      )}
    </AuthCard>
  );
}
